namespace CifarLab.Web.Groups;

/// <summary>
/// The seeds of a group: consecutive from the config's seed (base, base+1, …), so a group is reproducible from its
/// config alone and the seeds are known before it is launched.
/// </summary>
public static class SeedPlan
{
    public const int MinCount = 2;
    public const int MaxCount = 20;

    /// <summary>The seeds, or why the count or base does not give any.</summary>
    public static (IReadOnlyList<int> Seeds, string? Error) Consecutive(int baseSeed, int count)
    {
        if (count is < MinCount or > MaxCount)
        {
            return ([], $"A group repeats a run over {MinCount}-{MaxCount} seeds (got {count}).");
        }
        if ((long)baseSeed + count - 1 > int.MaxValue)
        {
            return ([], $"Seeds {baseSeed}, {baseSeed}+1, … would pass {int.MaxValue}; use a smaller base seed.");
        }
        return ([.. Enumerable.Range(0, count).Select(i => baseSeed + i)], null);
    }
}

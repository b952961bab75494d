namespace CifarLab.Web.Groups;

/// <summary>One epoch of a group's curve: the mean over the runs that reached it, and their min and max (the band).</summary>
public sealed record GroupEpoch(int Epoch, int Runs, double Mean, double Min, double Max);

public static class GroupCurve
{
    /// <summary>Per epoch, over every run that has a value there: mean, min and max.</summary>
    public static IReadOnlyList<GroupEpoch> Of(IEnumerable<IEnumerable<(int Epoch, double? Value)>> runs) =>
        [.. runs.SelectMany(r => r)
            .Where(p => p.Value is { } v && double.IsFinite(v))
            .GroupBy(p => p.Epoch, p => p.Value!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new GroupEpoch(g.Key, g.Count(), g.Average(), g.Min(), g.Max()))];
}

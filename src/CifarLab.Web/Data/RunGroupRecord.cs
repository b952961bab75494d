namespace CifarLab.Web.Data;

/// <summary>
/// Runs of one config repeated over several seeds ("Repeat with N seeds"); its runs point to it with
/// <see cref="RunRecord.GroupId"/>. The statistics are computed from the runs, never stored.
/// </summary>
public sealed class RunGroupRecord
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The seeds asked for, in order, comma-separated ("42,43,44").</summary>
    public required string Seeds { get; set; }
    /// <summary>The run it repeats, when it was made from one.</summary>
    public int? SourceRunId { get; set; }
    public string? Owner { get; set; }
    public DateTime CreatedAt { get; set; }

    public IReadOnlyList<int> SeedList => Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
}

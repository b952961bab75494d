using CifarLab.Web.Data;

namespace CifarLab.Web.Groups;

/// <summary>One run of a group as the group shows it.</summary>
public sealed record GroupRunView(int Id, string Name, int Seed, RunStatus Status, double? TestAccuracy, double? TrainSeconds);

/// <summary>
/// A group with its statistics over its completed runs: test accuracy and training time (mean, sample std), and how
/// many of its runs finished.
/// </summary>
public sealed record GroupView(
    int Id, string Name, IReadOnlyList<int> Seeds, int? SourceRunId, string? Owner, DateTime CreatedAt,
    IReadOnlyList<GroupRunView> Runs, SampleStats TestAccuracy, SampleStats TrainSeconds)
{
    public int Size => Seeds.Count;
    public int Finished => Runs.Count(r => r.Status == RunStatus.Completed);

    public static GroupView From(RunGroupRecord group, IReadOnlyList<GroupRunView> runs)
    {
        var done = runs.Where(r => r.Status == RunStatus.Completed).ToList();
        return new GroupView(group.Id, group.Name, group.SeedList, group.SourceRunId, group.Owner, group.CreatedAt, runs,
            SampleStats.Of(done.Where(r => r.TestAccuracy is not null).Select(r => r.TestAccuracy!.Value)),
            SampleStats.Of(done.Where(r => r.TrainSeconds is not null).Select(r => r.TrainSeconds!.Value)));
    }
}

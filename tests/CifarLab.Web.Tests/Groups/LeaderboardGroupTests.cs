using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Components.Widgets;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Groups;

/// <summary>The leaderboard shows a seed group as one row with its statistics, expandable to its runs.</summary>
public sealed class LeaderboardGroupTests : ComponentTestBase
{
    private readonly int _groupId;

    public LeaderboardGroupTests()
    {
        using var db = CreateDbContext();
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var group = new RunGroupRecord { Name = "sweep", Seeds = "1,2,3", CreatedAt = t0 };
        db.Groups.Add(group);
        db.SaveChanges();
        _groupId = group.Id;
        db.Runs.AddRange(
            Run("sweep (seed 1)", 1, 0.80, 10, t0.AddMinutes(1), group.Id),
            Run("sweep (seed 2)", 2, 0.90, 30, t0.AddMinutes(2), group.Id),
            Run("sweep (seed 3)", 3, null, null, t0.AddMinutes(3), group.Id),
            Run("solo", 42, 0.5, 5, t0.AddMinutes(4), null));
        db.SaveChanges();
    }

    private static RunRecord Run(string name, int seed, double? acc, double? seconds, DateTime created, int? groupId) => new()
    {
        Name = name, Model = "tutorial-cnn", ConfigJson = new RunConfig { Seed = seed }.ToJson(), Device = "cpu", Epochs = 2,
        Status = acc is null ? RunStatus.Queued : RunStatus.Completed, TestAccuracy = acc, TrainSeconds = seconds,
        CreatedAt = created, QueueOrder = created.Ticks, GroupId = groupId,
    };

    [Fact]
    public void A_group_is_one_row_with_mean_std_and_n_finished_of_N_and_expands_to_its_runs()
    {
        var page = Render<Leaderboard>();

        var row = page.Find($"tr.group-row[data-group-id='{_groupId}']");
        Assert.Single(page.FindAll("tr.group-row"));
        Assert.Equal("2 finished of 3", row.QuerySelector(".group-finished")!.TextContent.Trim());
        // mean 0.85, sample std sqrt(((0.05)^2 + (0.05)^2) / 1) = 0.0707
        Assert.Equal($"{Format.Percent(0.85)} ± 7.07 pp", row.QuerySelector(".group-accuracy")!.TextContent.Trim());
        Assert.Contains("seeds 1, 2, 3", row.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("tr.group-member"));
        // The solo run is a row of its own; the group's runs are not.
        Assert.Single(page.FindAll("#leaderboard tbody tr[data-run-id]"));

        page.Find("tr.group-row .group-toggle").Click();

        var members = page.FindAll("tr.group-member");
        Assert.Equal(3, members.Count);
        Assert.Contains("seed 3", members[2].TextContent, StringComparison.Ordinal);
    }
}

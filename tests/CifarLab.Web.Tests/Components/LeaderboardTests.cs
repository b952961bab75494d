using Bunit;
using CifarLab.Training.Training;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Components;

/// <summary>The leaderboard sorts and filters on the server, over rows in a real SQLite file.</summary>
public sealed class LeaderboardTests : ComponentTestBase
{
    public LeaderboardTests()
    {
        using var db = CreateDbContext();
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        db.Runs.AddRange(
            Run("alpha", "tutorial-cnn", 0.55, 30, t0.AddDays(1), "baseline"),
            Run("bravo", "resnet18", 0.93, 900, t0.AddDays(2), "long", "gpu"),
            Run("charlie", "resnet9", 0.91, 300, t0.AddDays(3), "fast"),
            Run("delta", "tutorial-cnn", 0.48, 20, t0.AddDays(4), "baseline", "fast"),
            Run("echo", "resnet9", null, null, t0.AddDays(5)));
        db.SaveChanges();
    }

    private static RunRecord Run(string name, string model, double? acc, double? seconds, DateTime created, params string[] tags) => new()
    {
        Name = name, Model = model, ConfigJson = new RunConfig { Model = model }.ToJson(), Device = "cpu", Epochs = 2,
        Status = acc is null ? RunStatus.Queued : RunStatus.Completed, TestAccuracy = acc, TrainSeconds = seconds,
        CreatedAt = created, Tags = TagText.Join(tags), QueueOrder = created.Ticks,
    };

    private static List<string> Names(IRenderedComponent<Leaderboard> page) =>
        page.FindAll("#leaderboard tbody tr[data-run-id] td:nth-child(2)").Select(td => td.TextContent.Trim()).ToList();

    [Fact]
    public void Newest_runs_come_first_by_default()
    {
        var page = Render<Leaderboard>();

        Assert.Equal(["echo", "delta", "charlie", "bravo", "alpha"], Names(page));
    }

    [Fact]
    public void Sorting_by_accuracy_puts_the_best_first_then_flips_and_keeps_unfinished_runs_last()
    {
        var page = Render<Leaderboard>();

        page.Find("button[data-sort=TestAccuracy]").Click();
        Assert.Equal(["bravo", "charlie", "alpha", "delta", "echo"], Names(page));

        page.Find("button[data-sort=TestAccuracy]").Click();
        Assert.Equal(["delta", "alpha", "charlie", "bravo", "echo"], Names(page));
        Assert.Equal("ascending", page.Find("button[data-sort=TestAccuracy]").ParentElement!.GetAttribute("aria-sort"));
    }

    [Fact]
    public void Sorting_by_name_is_alphabetical()
    {
        var page = Render<Leaderboard>();

        page.Find("button[data-sort=Name]").Click();

        Assert.Equal(["alpha", "bravo", "charlie", "delta", "echo"], Names(page));
    }

    [Fact]
    public void Filters_by_model_tag_accuracy_and_text_combine()
    {
        var page = Render<Leaderboard>();

        page.Find("#filter-model").Change("tutorial-cnn");
        Assert.Equal(["delta", "alpha"], Names(page));

        page.Find("#filter-tag").Change("fast");
        Assert.Equal(["delta"], Names(page));

        page.Find("#filter-model").Change("");
        Assert.Equal(["delta", "charlie"], Names(page));

        page.Find("#filter-min-accuracy").Change("0.9");
        Assert.Equal(["charlie"], Names(page));

        page.Find("#filter-tag").Change("");
        page.Find("#filter-min-accuracy").Change("");
        page.Find("#filter-search").Change("ra");
        Assert.Equal(["bravo"], Names(page));
    }

    [Fact]
    public void A_date_range_includes_both_days()
    {
        var page = Render<Leaderboard>();

        page.Find("#filter-from").Change("2026-01-03");
        page.Find("#filter-to").Change("2026-01-04");

        Assert.Equal(["charlie", "bravo"], Names(page));
    }

    [Fact]
    public void A_tag_filter_matches_whole_tags_only()
    {
        var page = Render<Leaderboard>();

        page.Find("#filter-tag").Change("base");

        Assert.Empty(Names(page));
    }

    [Fact]
    public void Pages_are_served_by_the_server()
    {
        var page = Render<Leaderboard>(p => p.Add(l => l.PageSize, 2));

        Assert.Equal(["echo", "delta"], Names(page));
        Assert.Contains("page 1 of 3", page.Find("#page-info").TextContent, StringComparison.Ordinal);

        page.FindAll(".pager button")[1].Click();

        Assert.Equal(["charlie", "bravo"], Names(page));
    }

    [Fact]
    public void The_csv_export_link_carries_the_filters()
    {
        var page = Render<Leaderboard>();

        page.Find("#filter-model").Change("resnet9");

        var href = page.Find("#export-csv").GetAttribute("href");
        Assert.Contains("model=resnet9", href, StringComparison.Ordinal);
    }
}

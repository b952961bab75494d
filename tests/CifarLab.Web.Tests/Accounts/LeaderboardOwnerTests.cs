using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>The leaderboard's owner filter, and its CSV link, over rows in a real SQLite file.</summary>
public sealed class LeaderboardOwnerTests : ComponentTestBase
{
    public LeaderboardOwnerTests()
    {
        using var db = CreateDbContext();
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        db.Runs.AddRange(Run("ritas", "rita", t0.AddDays(1)), Run("robs", "rob", t0.AddDays(2)), Run("laptop", null, t0.AddDays(3)));
        db.SaveChanges();
    }

    private static RunRecord Run(string name, string? owner, DateTime created) => new()
    {
        Name = name, Model = "tutorial-cnn", ConfigJson = new RunConfig().ToJson(), Device = "cpu", Epochs = 2,
        Status = RunStatus.Queued, CreatedAt = created, QueueOrder = created.Ticks, Owner = owner,
    };

    private static List<int> Rows(IRenderedComponent<Leaderboard> page) =>
        page.FindAll("#leaderboard tbody tr[data-run-id]").Select(tr => int.Parse(tr.GetAttribute("data-run-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public void Runs_filter_by_owner_and_by_having_none_and_the_csv_link_follows()
    {
        var page = Render<Leaderboard>();
        Assert.Equal(3, Rows(page).Count);
        Assert.Contains("rita", page.Find("#leaderboard").TextContent, StringComparison.Ordinal);

        page.Find("#filter-owner").Change("rita");
        Assert.Equal([1], Rows(page));
        Assert.Contains("owner=rita", page.Find("#export-csv").GetAttribute("href"), StringComparison.Ordinal);

        page.Find("#filter-owner").Change(RunFilter.NoOwner);
        Assert.Equal([3], Rows(page));
    }
}

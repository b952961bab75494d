using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Data;
using CifarLab.Web.Groups;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Groups;

/// <summary>Compare draws a group as its mean curve with a min-max band, over real SQLite rows.</summary>
public sealed class CompareGroupTests : ComponentTestBase
{
    [Fact]
    public void A_group_is_a_mean_line_and_a_min_max_band_and_its_stats()
    {
        int groupId;
        using (var db = CreateDbContext())
        {
            var group = new RunGroupRecord { Name = "sweep", Seeds = "1,2", CreatedAt = DateTime.UtcNow };
            db.Groups.Add(group);
            db.SaveChanges();
            groupId = group.Id;
            foreach (var (seed, accs) in new[] { (1, new[] { 0.5, 0.7 }), (2, new[] { 0.6, 0.9 }) })
            {
                var run = new RunRecord
                {
                    Name = $"sweep (seed {seed})", Model = "tutorial-cnn", ConfigJson = new RunConfig { Seed = seed }.ToJson(), Device = "cpu",
                    Epochs = 2, Status = RunStatus.Completed, TestAccuracy = accs[^1], TrainSeconds = 10, CreatedAt = DateTime.UtcNow, GroupId = group.Id,
                };
                run.EpochRows.AddRange(accs.Select((a, i) => new EpochRow { Epoch = i + 1, TestAccuracy = a, TrainLoss = 1.0 / (i + 1) }));
                db.Runs.Add(run);
            }
            db.SaveChanges();
        }

        var charts = JSInterop.SetupModule("./js/charts.js");
        charts.Mode = JSRuntimeMode.Loose;
        Services.GetRequiredService<NavigationManager>().NavigateTo($"compare?groups={groupId}");
        var page = Render<Compare>();

        var chart = page.Find("#compare-test-accuracy");
        Assert.Equal("2", chart.GetAttribute("data-series-count"));
        Assert.Equal("2", chart.GetAttribute("data-series-length"));
        Assert.Contains("min–max", page.Find("#band-note").TextContent, StringComparison.Ordinal);
        // What reaches ApexCharts: the band as a rangeArea of [min, max] per epoch, the mean as a line.
        page.WaitForAssertion(() => Assert.NotEmpty(charts.Invocations["render"]));
        var drawn = System.Text.Json.JsonSerializer.Serialize(charts.Invocations["render"][0].Arguments[2]);
        Assert.Contains("\"type\":\"rangeArea\"", drawn, StringComparison.Ordinal);
        Assert.Contains("[0.5,0.6]", drawn, StringComparison.Ordinal);
        Assert.Contains("\"y\":0.8", drawn, StringComparison.Ordinal);
        Assert.Equal("2 of 2", page.Find($"#groups tr[data-group-id='{groupId}'] .group-finished").TextContent.Trim());
    }

    [Fact]
    public void The_curve_is_the_mean_min_and_max_of_the_runs_per_epoch()
    {
        var curve = GroupCurve.Of([[(1, 0.5), (2, 0.7)], [(1, 0.6), (2, 0.9)], [(1, (double?)null)]]);

        Assert.Equal([1, 2], curve.Select(p => p.Epoch));
        Assert.Equal(0.55, curve[0].Mean, 12);
        Assert.Equal((0.7, 0.9, 2), (curve[1].Min, curve[1].Max, curve[1].Runs));
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using CifarLab.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CifarLab.E2E;

public sealed class LeaderboardCompareApp : LabFixture
{
    protected override string Name => "leaderboard-compare";
}

/// <summary>
/// Issue 4, steps 3 and 4: two finished runs on the leaderboard, sorted by accuracy both ways, then
/// compared: overlaid curves and the config fields that differ.
/// </summary>
public sealed class LeaderboardCompareTests(LeaderboardCompareApp app) : IClassFixture<LeaderboardCompareApp>
{
    private static readonly string[] CompareCharts = ["compare-test-accuracy", "compare-train-loss"];

    [Fact]
    public async Task Two_runs_are_ranked_by_accuracy_and_compared_with_overlaid_curves_and_a_config_diff()
    {
        await app.RunAsync("leaderboard-compare", async page =>
        {
            await Ui.GotoAsync(page, "");
            var suffix = Guid.NewGuid().ToString("N")[..6];

            // The first run from the form; the second cloned from it with a smaller rate and one more epoch.
            var first = new TinyRun($"lr-high-{suffix}", Epochs: 3, LearningRate: 0.05);
            var a = await Ui.LaunchThroughFormAsync(page, first);
            await page.Locator("#run-actions").GetByRole(AriaRole.Link, new() { Name = "Clone and edit" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/runs/new\\?from={a}$"));
            await Ui.WaitInteractiveAsync(page);
            await Expect(page.Locator("#f-Name")).ToHaveValueAsync($"{first.Name} (copy)");
            await Expect(page.Locator("#f-Epochs")).ToHaveValueAsync("3");
            await Expect(page.Locator("#f-TrainLimit")).ToHaveValueAsync(E2EDataset.TrainCount.ToString(CultureInfo.InvariantCulture));
            var second = new TinyRun($"lr-low-{suffix}", Epochs: 4, LearningRate: 0.01);
            await Ui.FillRunFormAsync(page, second);
            var b = await Ui.QueueAsync(page);
            Assert.NotEqual(a, b);

            await Ui.ExpectStatusAsync(page, "Completed", Ui.RunTimeout);
            var runA = await app.Api.WaitForStatusAsync(a, "Completed", Ui.RunTimeout);
            var runB = await app.Api.GetRunAsync(b);
            var accuracy = new Dictionary<int, double>
            {
                [a] = runA.GetProperty("testAccuracy").GetDouble(),
                [b] = runB.GetProperty("testAccuracy").GetDouble(),
            };

            // Leaderboard: both listed with their accuracies.
            await page.Locator("nav.topbar").GetByRole(AriaRole.Link, new() { Name = "Leaderboard", Exact = true }).ClickAsync();
            await Ui.WaitInteractiveAsync(page);
            await Expect(page.Locator("#leaderboard")).ToHaveAttributeAsync("data-total", "2");
            foreach (var (id, acc) in accuracy)
            {
                await Expect(page.Locator($"#leaderboard tr[data-run-id='{id}']")).ToContainTextAsync(acc.ToString("P2", CultureInfo.InvariantCulture));
            }

            // Sort by test accuracy: best first, then a second click flips it.
            var header = page.Locator("#leaderboard th").Filter(new() { Has = page.Locator("button[data-sort='TestAccuracy']") });
            await header.Locator("button").ClickAsync();
            await Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
            await ExpectOrderAsync(page, accuracy, descending: true);
            await Screenshots.TakeAsync(page, "leaderboard");
            await header.Locator("button").ClickAsync();
            await Expect(header).ToHaveAttributeAsync("aria-sort", "ascending");
            await ExpectOrderAsync(page, accuracy, descending: false);

            // Tick both, compare.
            var compare = page.Locator("#compare-selected");
            await Expect(compare).ToBeDisabledAsync();
            await page.Locator($"#leaderboard tr[data-run-id='{a}'] input[type=checkbox]").CheckAsync();
            await page.Locator($"#leaderboard tr[data-run-id='{b}'] input[type=checkbox]").CheckAsync();
            await Expect(compare).ToHaveTextAsync("Compare 2 selected");
            await compare.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/compare\\?ids={Math.Min(a, b)},{Math.Max(a, b)}$"));
            await Ui.WaitInteractiveAsync(page);

            // Overlaid curves: one series per run, each drawn with all its epochs.
            foreach (var chart in CompareCharts)
            {
                var box = page.Locator("#" + chart);
                await Expect(box).ToHaveAttributeAsync("data-series-count", "2");
                await Expect(box).ToHaveAttributeAsync("data-series-length", "4");
                await Expect(box.Locator(".apexcharts-series-markers-wrap .apexcharts-marker")).ToHaveCountAsync(first.Epochs + second.Epochs);
                await Expect(box.Locator(".apexcharts-legend")).ToContainTextAsync($"#{a} {first.Name}");
                await Expect(box.Locator(".apexcharts-legend")).ToContainTextAsync($"#{b} {second.Name}");
            }

            // The config diff lists exactly what differs, in run order; identical fields on request.
            var diff = page.Locator("#config-diff tbody tr");
            await Expect(diff).ToHaveCountAsync(2);
            await Expect(page.Locator("#config-diff tr.diff[data-field='epochs'] td")).ToHaveTextAsync(["3", "4"]);
            await Expect(page.Locator("#config-diff tr.diff[data-field='learningRate'] td")).ToHaveTextAsync(["0.05", "0.01"]);
            await Screenshots.TakeAsync(page, "compare");
            await page.GetByLabel("show identical fields too").CheckAsync();
            await Expect(page.Locator("#config-diff tr[data-field='model'] td")).ToHaveTextAsync(["tutorial-cnn", "tutorial-cnn"]);
            Assert.True(await diff.CountAsync() > 20, "Showing identical fields should list the whole config.");
            await Expect(page.Locator("#config-diff tr.diff")).ToHaveCountAsync(2);
        });
    }

    /// <summary>The table's rows follow the runs' accuracies (ties in any order).</summary>
    private static async Task ExpectOrderAsync(IPage page, Dictionary<int, double> accuracy, bool descending)
    {
        var expected = (descending ? accuracy.Values.OrderDescending() : accuracy.Values.Order())
            .Select(v => v.ToString("P2", CultureInfo.InvariantCulture)).ToArray();
        // The accuracy column, top to bottom.
        await Expect(page.Locator("#leaderboard tbody tr td:nth-child(5)")).ToHaveTextAsync(expected);
    }
}

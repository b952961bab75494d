using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using CifarLab.E2E.Infrastructure;
using CifarLab.Training.Training;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CifarLab.E2E;

public sealed class LiveTrainingApp : LabFixture
{
    protected override string Name => "live-training";
}

/// <summary>
/// Issue 4, steps 1-3 and 6: a run queued from the form trains with a live chart and progress bar,
/// keeps its history across a reload, completes with a test accuracy that the leaderboard lists,
/// and its downloaded weights score that same accuracy in the engine.
/// </summary>
public sealed partial class LiveTrainingTests(LiveTrainingApp app) : IClassFixture<LiveTrainingApp>
{
    /// <summary>
    /// How long the watched run should train: long enough to see it move and to reload it mid-run on
    /// any machine, even while other test projects load its cores. Its epoch count is sized from the
    /// blocker's measured pace (same model, batch and data): a fixed count that lasts 8 s on an idle
    /// two-core machine was over before the page was reloaded on a busier, faster one.
    /// </summary>
    private static readonly TimeSpan WatchFor = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_run_from_the_form_trains_live_survives_a_reload_completes_and_its_weights_score_the_same()
    {
        await app.RunAsync("live-training", async page =>
        {
            // Home: the configured dataset is ready and the CPU backend loaded.
            await Ui.GotoAsync(page, "");
            await Expect(page.Locator("h1")).ToHaveTextAsync("CifarLab");
            await Expect(page.Locator("#dataset-status .alert.ok")).ToBeVisibleAsync();
            await Expect(page.Locator("#device-status")).ToContainTextAsync("Runs train on");
            await Screenshots.TakeAsync(page, "home");

            // A long run keeps the single worker slot busy, so the new run is visibly queued first.
            var blocker = await app.Api.LaunchAsync(new RunConfig
            {
                Model = "tutorial-cnn", Epochs = 1000, BatchSize = 32, TrainLimit = E2EDataset.TrainCount,
                TestLimit = E2EDataset.TestCount, Device = "cpu",
            }, "blocker-" + Unique());
            await app.Api.WaitForStatusAsync(blocker, "Running", Ui.RunTimeout);
            var epochSeconds = await app.Api.MeasureEpochSecondsAsync(blocker, 3, Ui.RunTimeout);
            var epochs = Math.Clamp((int)Math.Ceiling(WatchFor.TotalSeconds / epochSeconds), 16, 1000);

            // 1. Home -> New run -> fill -> queue.
            var name = "live-" + Unique();
            await page.Locator("nav.topbar").GetByRole(AriaRole.Link, new() { Name = "New run", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/runs/new$"));
            await Ui.WaitInteractiveAsync(page);
            await Ui.FillRunFormAsync(page, new TinyRun(name, epochs));
            await Screenshots.TakeAsync(page, "new-run");
            var id = await Ui.QueueAsync(page);
            await Expect(page.Locator("h1")).ToContainTextAsync(name);
            await Ui.ExpectStatusAsync(page, "Queued");
            await Expect(page.Locator("#chart-loss")).ToHaveAttributeAsync("data-series-length", "0");

            // The worker frees up; the page follows the run to Running without a reload.
            await app.Api.CancelAsync(blocker);
            await Ui.ExpectStatusAsync(page, "Running", Ui.RunTimeout);

            // 2. The progress bar moves and the chart receives points while it trains.
            await Ui.WaitForProgressAboveAsync(page, 0);
            var progress = await Ui.ProgressAsync(page);
            await Ui.WaitForProgressAboveAsync(page, progress);
            await Ui.WaitForChartPointsAsync(page, "chart-loss", 1, whileRunning: true);
            await Ui.WaitForChartPointsAsync(page, "chart-loss", 2, whileRunning: true);
            await Ui.WaitForChartPointsAsync(page, "chart-accuracy", 2, whileRunning: true);
            await Ui.WaitForChartPointsAsync(page, "chart-lr", 2, whileRunning: true);
            var seen = await Ui.SeriesLengthAsync(page, "chart-loss");
            Assert.True(seen < epochs, $"The chart had {seen} of {epochs} epochs before the reload: the run was not observed mid-way.");

            // Reload mid-run: the history comes back from the database, and the live feed resumes.
            await page.ReloadAsync();
            await Ui.WaitInteractiveAsync(page);
            await Ui.WaitForChartPointsAsync(page, "chart-loss", seen, whileRunning: true, timeout: TimeSpan.FromSeconds(30));
            Assert.True(await page.Locator("#epoch-table tbody tr").CountAsync() >= seen);
            await Ui.WaitForChartPointsAsync(page, "chart-loss", seen + 1);
            await Screenshots.TakeAsync(page, "run-live");

            // 3. It completes with a test accuracy, every epoch charted and the result panels filled.
            await Ui.ExpectStatusAsync(page, "Completed", Ui.RunTimeout);
            await Expect(page.Locator("#test-accuracy")).ToHaveTextAsync(PercentText());
            await Ui.WaitForChartPointsAsync(page, "chart-loss", epochs);
            await Ui.WaitForChartPointsAsync(page, "chart-accuracy", epochs);
            await Expect(page.Locator("#epoch-table tbody tr")).ToHaveCountAsync(epochs);
            await Expect(page.Locator("#progress")).ToHaveCountAsync(0);
            await Expect(page.Locator("#chart-per-class")).ToHaveAttributeAsync("data-series-length", "10");
            await Expect(page.Locator("#chart-confusion")).ToHaveAttributeAsync("data-series-count", "10");
            var firstImage = page.Locator("#misclassified img").First;
            await Expect(firstImage).ToBeVisibleAsync();
            // Visible is laid out, not loaded: on a busy machine the PNG may still be on its way, so wait for it to load or fail.
            await firstImage.EvaluateAsync("img => img.complete ? null : new Promise(done => { img.addEventListener('load', done, { once: true }); img.addEventListener('error', done, { once: true }); })");
            Assert.True(await firstImage.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 96"),
                "The first misclassified test image did not load as a 96x96 PNG.");
            await Screenshots.TakeAsync(page, "run-completed");

            var run = await app.Api.GetRunAsync(id);
            var reported = run.GetProperty("testAccuracy").GetDouble();
            var shown = await page.Locator("#test-accuracy").InnerTextAsync();
            Assert.Equal(reported.ToString("P2", CultureInfo.InvariantCulture), shown.Trim());

            // 6. The checkpoint download loads back through the engine and scores what the app reported.
            var work = Path.Combine(app.Server.Directory, "download");
            Directory.CreateDirectory(work);
            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.Locator("#run-actions").GetByRole(AriaRole.Link, new() { Name = "Download weights (.zip)" }).ClickAsync());
            Assert.Equal($"cifarlab-run-{id}.zip", download.SuggestedFilename);
            var zip = Path.Combine(work, download.SuggestedFilename);
            await download.SaveAsAsync(zip);
            var unpacked = Path.Combine(work, "unpacked");
            await ZipFile.ExtractToDirectoryAsync(zip, unpacked);
            Assert.True(File.Exists(Path.Combine(unpacked, "config.json")), "The bundle has no config.json.");
            var fromBin = CheckpointScore.Evaluate(unpacked, E2EDataset.Folder, E2EDataset.TestCount);
            var fromSafetensors = CheckpointScore.Evaluate(Path.Combine(unpacked, "model.safetensors"), E2EDataset.Folder, E2EDataset.TestCount);
            Assert.Equal(E2EDataset.TestCount, fromBin.Count);
            Assert.Equal(reported, fromBin.Accuracy);
            Assert.Equal(reported, fromSafetensors.Accuracy);

            // 3. Found in the leaderboard with the same accuracy; the cancelled blocker is listed too.
            await page.Locator("nav.topbar").GetByRole(AriaRole.Link, new() { Name = "Leaderboard", Exact = true }).ClickAsync();
            await Ui.WaitInteractiveAsync(page);
            var row = page.Locator($"#leaderboard tr[data-run-id='{id}']");
            await Expect(row).ToContainTextAsync(name);
            await Expect(row.Locator(".badge")).ToHaveAttributeAsync("data-status", "Completed");
            await Expect(row).ToContainTextAsync(shown.Trim());
            await Expect(page.Locator($"#leaderboard tr[data-run-id='{blocker}'] .badge")).ToHaveAttributeAsync("data-status", "Cancelled");
        });
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..6];

    [GeneratedRegex(@"^\d{1,3}\.\d{2} ?%$")]
    private static partial Regex PercentText();
}

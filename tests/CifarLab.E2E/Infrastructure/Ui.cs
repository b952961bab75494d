using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CifarLab.E2E.Infrastructure;

/// <summary>What a tiny run through the New run form sets; everything else keeps the form's defaults.</summary>
public sealed record TinyRun(string Name, int Epochs, double LearningRate = 0.05, int BatchSize = 32, string Tags = "e2e")
{
    public int TrainImages { get; init; } = E2EDataset.TrainCount;
    public int TestImages { get; init; } = E2EDataset.TestCount;
}

/// <summary>Page helpers shared by the browser tests. Every wait is one of Playwright's auto-waits.</summary>
public static partial class Ui
{
    /// <summary>Generous: two loaded cores train, serve and render at once.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>How long a tiny run may take from queued to finished.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    public static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;

    /// <summary>Opens a page of the app and waits until Blazor's circuit renders it (events then work).</summary>
    public static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        Expect(page.Locator("main[data-interactive='true']")).ToBeAttachedAsync();

    /// <summary>The status badge in the run page's title.</summary>
    public static ILocator Badge(IPage page) => page.Locator("h1 .badge");

    public static Task ExpectStatusAsync(IPage page, string status, TimeSpan? timeout = null) =>
        Expect(Badge(page)).ToHaveAttributeAsync("data-status", status, new() { Timeout = Ms(timeout ?? Timeout) });

    public static int RunIdFromUrl(IPage page)
    {
        var match = RunUrl().Match(page.Url);
        Assert.True(match.Success, $"Not a run page: {page.Url}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/runs/(\d+)$")]
    public static partial Regex RunUrl();

    /// <summary>Types into one field and leaves it, so Blazor's change binding fires.</summary>
    public static async Task FillAsync(IPage page, string id, string value)
    {
        var input = page.Locator("#" + id);
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    public static Task FillAsync(IPage page, string id, double value) =>
        FillAsync(page, id, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Fills the New run form (already open) for a tiny run of the tutorial CNN on the test data.</summary>
    public static async Task FillRunFormAsync(IPage page, TinyRun run)
    {
        await page.Locator("#f-Model").SelectOptionAsync("tutorial-cnn");
        await FillAsync(page, "f-Epochs", run.Epochs);
        await FillAsync(page, "f-BatchSize", run.BatchSize);
        await FillAsync(page, "f-LearningRate", run.LearningRate);
        await FillAsync(page, "f-TrainLimit", run.TrainImages);
        await FillAsync(page, "f-TestLimit", run.TestImages);
        await FillAsync(page, "f-Name", run.Name);
        await FillAsync(page, "f-Tags", run.Tags);
        // The page shows what it will queue.
        await Expect(page.Locator("#f-Epochs")).ToHaveValueAsync(run.Epochs.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#f-Name")).ToHaveValueAsync(run.Name);
    }

    /// <summary>Submits the open form and waits for the new run's page; returns its id.</summary>
    public static async Task<int> QueueAsync(IPage page)
    {
        await page.Locator("#queue-run").ClickAsync();
        await Expect(page).ToHaveURLAsync(RunUrl());
        await WaitInteractiveAsync(page);
        return RunIdFromUrl(page);
    }

    /// <summary>From the top bar's "New run" link: fill, queue, and land on the run's page.</summary>
    public static async Task<int> LaunchThroughFormAsync(IPage page, TinyRun run)
    {
        await page.Locator("nav.topbar").GetByRole(AriaRole.Link, new() { Name = "New run", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/runs/new$"));
        await WaitInteractiveAsync(page);
        await FillRunFormAsync(page, run);
        return await QueueAsync(page);
    }

    /// <summary>The number of points the chart's longest series holds (the component's data attribute).</summary>
    public static async Task<int> SeriesLengthAsync(IPage page, string chartId) =>
        int.Parse(await page.Locator("#" + chartId).GetAttributeAsync("data-series-length") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Waits until the chart both holds and has drawn at least <paramref name="points"/> points per series:
    /// the data attribute, and ApexCharts' own markers in the SVG (one per point and series).
    /// </summary>
    public static async Task WaitForChartPointsAsync(IPage page, string chartId, int points, bool whileRunning = false, TimeSpan? timeout = null)
    {
        await page.WaitForFunctionAsync(
            """
            ([id, points, whileRunning]) => {
                const chart = document.getElementById(id);
                if (!chart) return false;
                const series = Number(chart.dataset.seriesCount), length = Number(chart.dataset.seriesLength);
                const markers = chart.querySelectorAll('.apexcharts-series-markers-wrap .apexcharts-marker').length;
                const badge = document.querySelector('h1 .badge');
                return length >= points && markers >= series * points
                    && (!whileRunning || (badge && badge.dataset.status === 'Running'));
            }
            """,
            new object[] { chartId, points, whileRunning },
            new() { Timeout = Ms(timeout ?? RunTimeout), PollingInterval = 100 });
    }

    /// <summary>The progress bar's fraction of the whole run (0..1), as the page shows it.</summary>
    public static async Task<double> ProgressAsync(IPage page) =>
        double.Parse(await page.Locator("#progress").GetAttributeAsync("data-fraction") ?? "0", CultureInfo.InvariantCulture);

    public static async Task WaitForProgressAboveAsync(IPage page, double fraction) =>
        await page.WaitForFunctionAsync(
            """
            (min) => {
                const p = document.getElementById('progress');
                const bar = p && p.querySelector('.progress > div');
                return p && Number(p.dataset.fraction) > min && bar && parseFloat(bar.style.width) > min * 100;
            }
            """,
            fraction, new() { Timeout = Ms(RunTimeout), PollingInterval = 100 });
}

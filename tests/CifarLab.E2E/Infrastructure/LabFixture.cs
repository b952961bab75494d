using Microsoft.Playwright;

namespace CifarLab.E2E.Infrastructure;

/// <summary>
/// One app process and one headless Chromium per test class (a class fixture): classes share nothing,
/// so they pass in any order. Subclasses only name the app (its log lands in artifacts/e2e-logs/).
/// </summary>
public abstract class LabFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;
    private LabServer? _server;

    static LabFixture() => Assertions.SetDefaultExpectTimeout(Ui.Ms(Ui.Timeout));

    protected abstract string Name { get; }

    /// <summary>Extra environment variables for this class's app.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public LabServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IBrowserContext Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The app's REST API, for checks the page does not show (exact values, what was queued).</summary>
    public LabApi Api { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _server = await LabServer.StartAsync(Name, Settings);
        Api = new LabApi(_server.BaseUrl);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright, _server.BaseUrl, Path.Combine(_server.Directory, "chromium-profile"));
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync();
        page.SetDefaultTimeout((float)Ui.Timeout.TotalMilliseconds);
        page.SetDefaultNavigationTimeout(60_000);
        return page;
    }

    /// <summary>
    /// Runs one scenario in a fresh page. It passes only if, besides its own assertions, the page shows
    /// no Blazor error bar and the app logged no crashed circuit. On failure the page is kept as
    /// artifacts/screenshots/FAILED-name.png and .html.
    /// </summary>
    public async Task RunAsync(string name, Func<IPage, Task> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var page = await NewPageAsync();
        try
        {
            await steps(page);
            await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            Server.AssertNoCircuitErrors();
        }
        catch
        {
            await KeepFailedPageAsync(page, name);
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task KeepFailedPageAsync(IPage page, string name)
    {
        var folder = Path.Combine(Repo.Artifacts, "screenshots");
        Directory.CreateDirectory(folder);
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"FAILED-{name}.png"), FullPage = true, Timeout = 15_000 });
            await File.WriteAllTextAsync(Path.Combine(folder, $"FAILED-{name}.html"), await page.ContentAsync());
        }
        catch (PlaywrightException)
        {
            // The page is gone; the failure itself says enough.
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        Api?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

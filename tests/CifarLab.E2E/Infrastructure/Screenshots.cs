using Microsoft.Playwright;

namespace CifarLab.E2E.Infrastructure;

/// <summary>
/// Screenshots of the main pages: always under artifacts/screenshots/ (git-ignored, full page), and,
/// with CIFARLAB_UPDATE_SCREENSHOTS=1, the visible part under docs/screenshots/ for the README.
/// </summary>
public static class Screenshots
{
    public static bool UpdateDocs => Environment.GetEnvironmentVariable("CIFARLAB_UPDATE_SCREENSHOTS") == "1";

    public static async Task TakeAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var artifacts = Path.Combine(Repo.Artifacts, "screenshots");
        Directory.CreateDirectory(artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, name + ".png"), FullPage = true });
        if (UpdateDocs)
        {
            var docs = Path.Combine(Repo.Root, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, name + ".png"), FullPage = false });
        }
    }

    /// <summary>
    /// Runs a test's steps; when one fails, keeps what the browser showed (FAILED-name.png and .html under
    /// artifacts/screenshots/) before the failure propagates.
    /// </summary>
    public static async Task OnFailureAsync(IPage page, string name, Func<Task> steps)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            await steps();
        }
        catch
        {
            var artifacts = Path.Combine(Repo.Artifacts, "screenshots");
            Directory.CreateDirectory(artifacts);
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, $"FAILED-{name}.png"), FullPage = true, Timeout = 15_000 });
                await File.WriteAllTextAsync(Path.Combine(artifacts, $"FAILED-{name}.html"), await page.ContentAsync());
            }
            catch (PlaywrightException)
            {
                // The page is gone; the original failure says enough.
            }
            throw;
        }
    }
}

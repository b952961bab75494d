using Microsoft.Playwright;

namespace CifarLab.E2E.Infrastructure;

/// <summary>
/// Screenshots of the main pages: always under artifacts/screenshots/ (git-ignored, full page), and,
/// with CIFARLAB_UPDATE_SCREENSHOTS=1, the visible part under docs/screenshots/ for the README.
/// </summary>
public static class Screenshots
{
    public static bool UpdateDocs => Environment.GetEnvironmentVariable("CIFARLAB_UPDATE_SCREENSHOTS") == "1";

    /// <param name="docs">Also a README picture (when CIFARLAB_UPDATE_SCREENSHOTS=1).</param>
    public static async Task TakeAsync(IPage page, string name, bool docs = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        var artifacts = Path.Combine(Repo.Artifacts, "screenshots");
        Directory.CreateDirectory(artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, name + ".png"), FullPage = true });
        if (docs && UpdateDocs)
        {
            var folder = Path.Combine(Repo.Root, "docs", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
        }
    }
}

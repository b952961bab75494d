using Microsoft.Playwright;

namespace CifarLab.E2E.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver: no browser is downloaded. The flags keep it
/// off the network (this machine refuses anything but loopback) and the profile is fresh every time.
/// </summary>
public static class Chromium
{
    /// <summary>CIFARLAB_CHROMIUM, else Debian's /usr/bin/chromium (scripts/setup.sh --browser installs it).</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CIFARLAB_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<IBrowserContext> LaunchAsync(IPlaywright playwright, Uri baseUrl, string userDataDir)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException(
                $"No Chromium at {ExecutablePath}. Install Debian's (scripts/setup.sh --browser, or apt-get install -y chromium) " +
                "or point CIFARLAB_CHROMIUM at a Chromium binary.", ExecutablePath);
        }
        Directory.CreateDirectory(userDataDir);
        return await playwright.Chromium.LaunchPersistentContextAsync(userDataDir, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            AcceptDownloads = true,
            Locale = "en-US",
            TimezoneId = "UTC",
            Timeout = 60_000,
        });
    }
}

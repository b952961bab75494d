using System.Collections.Concurrent;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CifarLab.Web.Tests.Pages;

/// <summary>
/// Our static files live in the repository-root wwwroot/, outside the project, so the build's
/// static-web-assets manifest does not list them. Unless ReloadStaticAssetsAtRuntime is false,
/// MapStaticAssets adds a fallback route for unlisted files that runs before UseStaticFiles and
/// warns "not found in the built time manifest" on every request for them.
/// </summary>
public sealed class StaticAssetLogTests
{
    private const string HandlerCategory = "Microsoft.AspNetCore.Builder.StaticAssetDevelopmentRuntimeHandler";

    private static async Task<IReadOnlyList<string>> WarningsServing(IReadOnlyDictionary<string, string>? settings)
    {
        var warnings = new ConcurrentQueue<string>();
        using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false, settings);
        using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.AddLogging(l => l.AddProvider(new Capture(warnings)))));
        var client = app.CreateClient();
        foreach (var path in new[] { "/css/site.css", "/js/charts.js", "/lib/apexcharts/apexcharts.min.js", "/favicon.svg" })
        {
            // Served either way (HostSurfaceTests checks the bytes); this is about the log only.
            using var response = await client.GetAsync(path);
            response.EnsureSuccessStatusCode();
        }
        return warnings.ToList();
    }

    [Fact]
    public async Task Serving_our_files_logs_no_manifest_warning()
    {
        Assert.Empty(await WarningsServing(null));
    }

    [Fact]
    public async Task The_warning_comes_back_with_the_runtime_fallback_on()
    {
        // Proves the capture above would see it: the setting in appsettings.json is what keeps it away.
        var warnings = await WarningsServing(new Dictionary<string, string> { ["ReloadStaticAssetsAtRuntime"] = "true" });

        Assert.Contains(warnings, w => w.Contains("/css/site.css", StringComparison.Ordinal));
    }

    private sealed class Capture(ConcurrentQueue<string> warnings) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, warnings);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category == HandlerCategory && logLevel >= LogLevel.Warning)
                {
                    warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}

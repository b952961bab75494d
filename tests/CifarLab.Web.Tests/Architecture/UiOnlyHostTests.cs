using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Architecture;

/// <summary>
/// The real app, started as its own process with Worker__Enabled=false, serves its pages, queues a run and reports its
/// health without ever loading TorchSharp or libtorch: the process's memory map (/proc/&lt;pid&gt;/maps) says so.
/// </summary>
public sealed class UiOnlyHostTests
{
    private static readonly string AppDll = Path.Combine(SourceTree.WebProject, "bin", "Release", "net10.0", "CifarLab.Web.dll");

    [LinuxFact]
    public async Task A_host_that_does_not_train_never_loads_the_native_backend()
    {
        Assert.True(File.Exists(AppDll), $"Build the app first (dotnet build -c Release): {AppDll} is missing.");
        var url = $"http://127.0.0.1:{FreePort()}";
        var data = LabFactory.NewDataDirectory();
        var start = new ProcessStartInfo("dotnet", [AppDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
            Environment =
            {
                ["ASPNETCORE_URLS"] = url,
                ["CIFARLAB_ROOT"] = Path.GetFullPath(Path.Combine(SourceTree.WebProject, "..", "..")),
                ["Worker__Enabled"] = "false",
                ["Storage__DataDirectory"] = data,
                ["Dataset__Source"] = TestDataset.Folder,
                ["Dataset__AllowUnofficial"] = "true",
                ["Dataset__PrepareOnStartup"] = "false",
            },
        };
        var log = new StringBuilder();
        using var app = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        app.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        app.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await WaitUntilServing(http, app, log);

            foreach (var page in new[] { "/", "/runs/new", "/api/runs" })
            {
                using var response = await http.GetAsync(page);
                Assert.True(response.IsSuccessStatusCode, $"GET {page}: {(int)response.StatusCode}");
            }
            using (var created = await http.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config(), "ui-only")))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            using (var preview = await http.PostAsJsonAsync("/api/preview/augmentation", TinyRuns.Body(TinyRuns.Config())))
            {
                // The form's augmentation grid needs the engine: refused in words, and nothing native loaded for it.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, preview.StatusCode);
                Assert.Contains("Previews need a host that trains", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            using (var health = await http.GetAsync("/health"))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            var maps = await File.ReadAllTextAsync($"/proc/{app.Id}/maps");
            Assert.Contains("CifarLab.Web.dll", maps, StringComparison.Ordinal); // the map is the app's
            Assert.DoesNotContain("libtorch", maps, StringComparison.Ordinal);
            Assert.DoesNotContain("TorchSharp.dll", maps, StringComparison.Ordinal);
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }
        }
    }

    private static async Task WaitUntilServing(HttpClient http, Process app, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + ScriptedEngine.Patience;
        while (true)
        {
            Assert.False(app.HasExited, $"The app exited ({(app.HasExited ? app.ExitCode : 0)}): {log}");
            try
            {
                using var response = await http.GetAsync("/api/runs");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"The app did not serve within {ScriptedEngine.Patience}: {log}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

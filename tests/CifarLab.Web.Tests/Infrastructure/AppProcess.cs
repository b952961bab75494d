using System.Diagnostics;
using CifarLab.Web.Tests.Architecture;

namespace CifarLab.Web.Tests.Infrastructure;

/// <summary>The real app (the Release build of CifarLab.Web) as its own process, over a test data folder, run to its exit.</summary>
public static class AppProcess
{
    public static readonly string AppDll = Path.Combine(SourceTree.WebProject, "bin", "Release", "net10.0", "CifarLab.Web.dll");

    /// <summary>Runs the app with these arguments and extra environment variables, writes <paramref name="stdin"/>
    /// (when given) to its input, and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(
        string data, IEnumerable<string>? args = null, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        Assert.True(File.Exists(AppDll), $"Build the app first (dotnet build -c Release): {AppDll} is missing.");
        var start = new ProcessStartInfo("dotnet", [AppDll, .. args ?? []])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
            Environment =
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["CIFARLAB_ROOT"] = Path.GetFullPath(Path.Combine(SourceTree.WebProject, "..", "..")),
                ["Worker__Enabled"] = "false",
                ["Storage__DataDirectory"] = data,
                ["Dataset__Source"] = TestDataset.Folder,
                ["Dataset__AllowUnofficial"] = "true",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        start.Environment.Remove("CIFARLAB_ADMIN_USER");
        start.Environment.Remove("CIFARLAB_ADMIN_PASSWORD");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var app = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = app.StandardOutput.ReadToEndAsync();
        var stderr = app.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await app.StandardInput.WriteAsync(stdin);
        }
        app.StandardInput.Close();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await app.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            app.Kill(entireProcessTree: true);
            throw new TimeoutException($"The app did not exit: {await stdout}{await stderr}");
        }
        return (app.ExitCode, await stdout, await stderr);
    }
}

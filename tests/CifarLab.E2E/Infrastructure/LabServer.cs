using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CifarLab.E2E.Infrastructure;

/// <summary>
/// The real web app as a child process (<c>dotnet CifarLab.Web.dll</c>) on a free loopback port, with
/// its own temp folder for the SQLite file and checkpoints, training on <see cref="E2EDataset"/>.
/// </summary>
public sealed class LabServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private LabServer(string name, string directory, Uri baseUrl, Process process, StreamWriter log)
    {
        Name = name;
        Directory = directory;
        BaseUrl = baseUrl;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    /// <summary>The app's temp folder: data/ (database, checkpoints) and the app's log.</summary>
    public string Directory { get; }

    public Uri BaseUrl { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string LogPath => Path.Combine(Directory, "app.log");

    /// <param name="settings">Extra environment variables for this app (e.g. accounts), set after the defaults.</param>
    public static async Task<LabServer> StartAsync(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Repo.WebAppDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The web app is not built at {dll}; build CifarLab.sln (or this test project) first.", dll);
        }
        var directory = Path.Combine(E2EDataset.TempRoot, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        System.IO.Directory.CreateDirectory(directory);
        var dataset = E2EDataset.Folder;

        var port = FreeLoopbackPort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(dll);
        var env = start.Environment;
        // Nothing of the caller's lab configuration leaks in: this app sees only what is set here.
        foreach (var key in env.Keys.Where(k => k.StartsWith("CIFARLAB_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Dataset__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Worker__", StringComparison.OrdinalIgnoreCase)
                     || k.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            env.Remove(key);
        }
        env["CIFARLAB_ROOT"] = Repo.Root; // content root: appsettings.json and wwwroot/
        env["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/');
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Storage__DataDirectory"] = Path.Combine(directory, "data");
        env["Dataset__Source"] = dataset;
        env["Dataset__CacheDirectory"] = Path.Combine(directory, "data", "datasets");
        env["Dataset__PrepareOnStartup"] = "false";
        // A subset of the official files (or generated images) is not the official CIFAR-10: allowed, and labelled.
        env["Dataset__AllowUnofficial"] = "true";
        env["Worker__WorkerId"] = "e2e-" + name;
        env["Worker__Devices__0"] = "cpu";
        env["Worker__PollSeconds"] = "0.5";
        env["Worker__ProgressIntervalMs"] = "100";
        // One libtorch thread: frugal on a shared machine, and slow enough to watch a run train.
        env["Worker__CpuThreads"] = "1";
        env["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var log = new StreamWriter(Path.Combine(directory, "app.log"), append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new LabServer(name, directory, baseUrl, process, log);
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        server.Log($"# dotnet {dll} on {baseUrl}; dataset: {E2EDataset.Origin}");
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>GET /health until it answers; 200 means the database and the native backend work.</summary>
    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The web app exited with code {_process.ExitCode} while starting.\n{LogTail()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                throw new InvalidOperationException($"GET /health answered {(int)response.StatusCode}: {body}\n{LogTail()}");
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The web app did not answer /health within {StartTimeout.TotalSeconds:F0}s.\n{LogTail()}");
    }

    /// <summary>
    /// Fails when the app logged a Blazor circuit crash: the page may still look right while every
    /// later click on it would go nowhere.
    /// </summary>
    public void AssertNoCircuitErrors()
    {
        string text;
        lock (_logLock)
        {
            _log.Flush();
        }
        using (var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }
        Assert.False(text.Contains("Unhandled exception in circuit", StringComparison.Ordinal),
            $"A Blazor circuit crashed in the app.\n{LogTail(80)}");
    }

    public string LogTail(int lines = 60)
    {
        lock (_logLock)
        {
            _log.Flush();
        }
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return "--- app log (tail) ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(no app log: {e.Message})";
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        catch (OperationCanceledException)
        {
        }
        lock (_logLock)
        {
            _log.Dispose();
        }
        _process.Dispose();
        // Keep the app's log for a look after the run; drop its data.
        try
        {
            var logs = Path.Combine(Repo.Artifacts, "e2e-logs");
            System.IO.Directory.CreateDirectory(logs);
            File.Copy(LogPath, Path.Combine(logs, Name + ".log"), overwrite: true);
        }
        catch (IOException)
        {
        }
        if (Environment.GetEnvironmentVariable("CIFARLAB_E2E_KEEP") == "1")
        {
            return; // kept for a look: database, checkpoints, chromium profile
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

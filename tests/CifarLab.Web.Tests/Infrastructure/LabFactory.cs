using CifarLab.Training.Checkpoints;
using CifarLab.Training.Data;
using CifarLab.Web.Data;
using CifarLab.Web.Live;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Infrastructure;

/// <summary>
/// The real host over a real SQLite file in a temp folder and the generated dataset, training with the real engine or,
/// when given one, a <see cref="ScriptedEngine"/>. Two factories over the same folder model an app restart.
/// </summary>
public sealed class LabFactory(string dataDirectory, bool workerEnabled = true, IReadOnlyDictionary<string, string>? settings = null, ScriptedEngine? engine = null,
    RunStorage? storage = null)
    : WebApplicationFactory<Program>
{
    /// <summary>A host whose worker trains with the given scripted engine (writing through the engine's storage).</summary>
    public static LabFactory Scripted(ScriptedEngine engine, string? dataDirectory = null, bool workerEnabled = true) =>
        new(dataDirectory ?? NewDataDirectory(), workerEnabled, engine: engine, storage: engine.Storage);

    public const string WorkerId = "test-worker";

    public string DataDirectory { get; } = dataDirectory;

    public static string NewDataDirectory()
    {
        var dir = Path.Combine(TestDataset.Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Dataset:Source", TestDataset.Folder);
        // The generated dataset is not the official CIFAR-10: allowed, so runs on it are labelled "unofficial data".
        builder.UseSetting(DatasetOptions.AllowUnofficialSetting, "true");
        builder.UseSetting("Dataset:PrepareOnStartup", "false");
        builder.UseSetting("Worker:Enabled", workerEnabled ? "true" : "false");
        builder.UseSetting("Worker:WorkerId", WorkerId);
        builder.UseSetting("Worker:PollSeconds", "0.2");
        builder.UseSetting("Worker:ProgressIntervalMs", "50");
        builder.UseSetting("Worker:LeaseSeconds", "30");
        // Test hosts train side by side in one process on two cores: one libtorch thread each.
        builder.UseSetting("Worker:CpuThreads", "1");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (engine is not null)
        {
            builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ITrainingEngine>(engine)));
        }
        if (storage is not null)
        {
            builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton(storage)));
        }
    }

    /// <summary>A SignalR client of this host's training hub (long polling through the in-memory test server).</summary>
    public HubConnection ConnectHub() => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, TrainingHub.Path.TrimStart('/')), o =>
        {
            o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
        })
        .Build();

    public LabDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContext();
}

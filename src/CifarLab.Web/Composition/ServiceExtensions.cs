using System.Text.Json;
using System.Text.Json.Serialization;
using CifarLab.Web.Data;
using CifarLab.Web.Extensions;
using CifarLab.Web.Lab;
using CifarLab.Web.Live;
using CifarLab.Web.Options;
using CifarLab.Web.Security;
using CifarLab.Web.Worker;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Composition;

public static class ServiceExtensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLabCore();

        // Order matters: the database is migrated and orphaned runs recovered before the worker starts.
        services.AddHostedService<DatabaseInitializer>();
        services.AddHostedService<DatasetStartup>();
        services.AddHostedService<TrainingWorker>();

        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.WriteNonFiniteAsNull());
        services.AddProblemDetails();
        services.AddExceptionHandler<Api.StorageProblems>();
        services.AddOpenApi(o =>
        {
            o.AddSchemaTransformer<Api.RunConfigSchemaTransformer>();
            o.AddDocumentTransformer<Api.ApiSecurityDocumentation>();
            o.AddOperationTransformer<Api.ApiSecurityDocumentation>();
        });
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddLabSecurity();
        return builder;
    }

    /// <summary>Options, data, engine, queue and live updates: everything but the HTTP pipeline and the
    /// hosted services (component tests compose the same graph).</summary>
    public static IServiceCollection AddLabCore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddOptions<DatasetSettings>().BindConfiguration(DatasetSettings.Section);
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section)
            .Validate(o => o.LeaseSeconds >= 5, "Worker:LeaseSeconds must be at least 5.")
            .Validate(o => o.Devices.All(d => !string.IsNullOrWhiteSpace(d)), "Worker:Devices entries must not be empty.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LabPaths>();

        // One short-lived context per operation: Blazor circuits and the worker thread never share one.
        services.AddDbContextFactory<LabDbContext>((sp, options) =>
            options.UseSqlite(sp.GetRequiredService<LabPaths>().ConnectionString));

        services.AddSingleton(CifarLab.Training.Checkpoints.RunStorage.Disk);
        services.AddSingleton<IStorageProbe, StorageProbe>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<EngineDataset>();
        services.AddSingleton<ITrainingEngine, TorchSharpEngine>();
        services.AddSingleton<BackendInfo>();
        services.AddSingleton<DatasetPreparer>();

        services.AddSignalR().AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.PayloadSerializerOptions.WriteNonFiniteAsNull();
        });
        services.AddSingleton<RunNotifier>();
        services.AddSingleton<LivePublisher>();
        services.AddSingleton<QueueSignal>();
        services.AddSingleton<RunCancellations>();
        services.AddSingleton<RunRequestValidator>();
        services.AddSingleton<RunArtifacts>();
        services.AddSingleton<RunLifecycle>();
        services.AddRunQuotas();
        services.AddSingleton<RunLauncher>();
        services.AddSingleton<RunQueries>();
        services.AddSingleton<RunReader>();
        services.AddSingleton<RunSpeeds>();
        services.AddSingleton<AugmentationPreviews>();
        services.AddSingleton<RunEditor>();
        services.AddSingleton<CifarLab.Web.Groups.GroupLauncher>();
        services.AddSingleton<CifarLab.Web.Groups.GroupQueries>();
        services.AddSingleton<RunExecutor>();
        return services;
    }
}

using CifarLab.Training.Data;
using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Worker;

/// <summary>Starts fetching the dataset at startup when configured, without delaying the host.</summary>
public sealed class DatasetStartup(DatasetPreparer preparer, IOptions<DatasetSettings> settings, ITrainingEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.PrepareOnStartup && engine.ProbeDataset().State != DatasetState.Ready)
        {
            _ = preparer.StartAsync(CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

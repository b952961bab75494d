using Microsoft.AspNetCore.SignalR;

namespace CifarLab.Web.Live;

/// <summary>Sends each run message to the in-process notifier (Blazor pages) and the SignalR hub.</summary>
public sealed class LivePublisher(RunNotifier notifier, IHubContext<TrainingHub, ITrainingClient> hub, ILogger<LivePublisher> logger)
{
    public async Task PublishAsync(RunMessage message)
    {
        notifier.Publish(message);
        var clients = hub.Clients.Groups(TrainingHub.AllGroup, TrainingHub.RunGroup(message.RunId));
        try
        {
            await (message switch
            {
                RunStatusMessage s => clients.RunStatus(s),
                RunProgressMessage p => clients.RunProgress(p),
                RunEpochMessage e => clients.RunEpoch(e),
                RunDeletedMessage d => clients.RunDeleted(d),
                _ => Task.CompletedTask,
            });
        }
        catch (Exception ex)
        {
            // Losing a live message must never fail the run that produced it.
            logger.LogWarning(ex, "Could not publish {Message} to the hub", message.GetType().Name);
        }
    }
}

using System.Collections.Concurrent;
using CifarLab.Web.Hubs;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace CifarLab.Web.Tests.Live;

/// <summary>An external .NET SignalR client hears a run's status, progress and epoch events.</summary>
public sealed class HubTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory());

    public void Dispose() => _factory.Dispose();

    private HubConnection Connect() => _factory.ConnectHub();

    [Fact]
    public async Task A_client_in_the_all_group_receives_status_progress_and_epochs_of_a_run()
    {
        var statuses = new ConcurrentQueue<RunStatusMessage>();
        var progress = new ConcurrentQueue<RunProgressMessage>();
        var epochs = new ConcurrentQueue<RunEpochMessage>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = Connect();
        hub.On<RunStatusMessage>(nameof(ITrainingClient.RunStatus), m =>
        {
            statuses.Enqueue(m);
            if (m.Status is "Completed" or "Failed")
            {
                completed.TrySetResult();
            }
        });
        hub.On<RunProgressMessage>(nameof(ITrainingClient.RunProgress), progress.Enqueue);
        hub.On<RunEpochMessage>(nameof(ITrainingClient.RunEpoch), epochs.Enqueue);
        await hub.StartAsync();
        await hub.InvokeAsync(nameof(TrainingHub.JoinAll));

        var id = await TinyRuns.LaunchAsync(_factory.CreateClient(), TinyRuns.Config(epochs: 2), "hub");
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.All(statuses, s => Assert.Equal(id, s.RunId));
        var sequence = statuses.Select(s => s.Status).Distinct().ToList();
        Assert.Equal(["Queued", "Running", "Completed"], sequence);
        Assert.NotNull(statuses.Last().TestAccuracy);
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.InRange(p.Fraction, 0, 1));
        Assert.Contains(progress, p => p.Step == p.TotalSteps);
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
    }

    [Fact]
    public async Task A_client_in_one_runs_group_hears_only_that_run()
    {
        var client = _factory.CreateClient();
        var epochs = new ConcurrentQueue<RunEpochMessage>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = Connect();
        hub.On<RunEpochMessage>(nameof(ITrainingClient.RunEpoch), epochs.Enqueue);
        hub.On<RunStatusMessage>(nameof(ITrainingClient.RunStatus), m =>
        {
            if (m.Status is "Completed" or "Failed")
            {
                done.TrySetResult();
            }
        });
        await hub.StartAsync();

        // The queue is served in order: the watched run cannot start (and so cannot finish unheard)
        // before the first one's ten epochs are done, which leaves ample time to join its group.
        var first = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 10), "other");
        var watched = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 1), "watched");
        await hub.InvokeAsync(nameof(TrainingHub.JoinRun), watched);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await TinyRuns.WaitForStatusAsync(client, first, "Completed");

        Assert.NotEmpty(epochs);
        Assert.All(epochs, e => Assert.Equal(watched, e.RunId));
    }
}

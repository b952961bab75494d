using System.Collections.Concurrent;
using System.Text.Json;
using CifarLab.Web.Data;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace CifarLab.Web.Tests.Live;

/// <summary>An external .NET SignalR client hears a run's status, progress and epoch events (scripted engine).</summary>
public sealed class HubTests : IDisposable
{
    private readonly ScriptedEngine _engine = new();
    private readonly LabFactory _factory;

    public HubTests() => _factory = LabFactory.Scripted(_engine);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_client_in_the_all_group_receives_status_progress_and_epochs_of_a_run()
    {
        var statuses = new ConcurrentQueue<RunStatusMessage>();
        var progress = new ConcurrentQueue<RunProgressMessage>();
        var epochs = new ConcurrentQueue<RunEpochMessage>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = _factory.ConnectHub();
        hub.On<RunStatusMessage>(nameof(ITrainingClient.RunStatus), m =>
        {
            statuses.Enqueue(m);
            if (m.Status is RunStatus.Completed or RunStatus.Failed)
            {
                completed.TrySetResult();
            }
        });
        hub.On<RunProgressMessage>(nameof(ITrainingClient.RunProgress), progress.Enqueue);
        hub.On<RunEpochMessage>(nameof(ITrainingClient.RunEpoch), epochs.Enqueue);
        await hub.StartAsync();
        await hub.InvokeAsync(nameof(TrainingHub.JoinAll));

        var id = await TinyRuns.LaunchAsync(_factory.CreateClient(), TinyRuns.Config(epochs: 2), "hub");
        await _engine.Run(id).ReachEpoch(2);
        await _engine.Run(id).Complete();
        await completed.Task.WaitAsync(ScriptedEngine.Patience);

        Assert.All(statuses, s => Assert.Equal(id, s.RunId));
        var sequence = statuses.Select(s => s.Status).Distinct().ToList();
        Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Completed], sequence);
        Assert.Equal(0.5, statuses.Last().TestAccuracy);
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.InRange(p.Fraction, 0, 1));
        Assert.Contains(progress, p => p.Step == p.TotalSteps);
        // The engine's metrics arrive as they were reported, field for field.
        Assert.Equal([ScriptedRun.Metrics(1), ScriptedRun.Metrics(2)], epochs.Select(e => e.Metrics));
    }

    [Fact]
    public async Task A_client_in_one_runs_group_hears_only_that_run()
    {
        var client = _factory.CreateClient();
        var epochs = new ConcurrentQueue<RunEpochMessage>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = _factory.ConnectHub();
        hub.On<RunEpochMessage>(nameof(ITrainingClient.RunEpoch), epochs.Enqueue);
        hub.On<RunStatusMessage>(nameof(ITrainingClient.RunStatus), m =>
        {
            if (m.Status is RunStatus.Completed or RunStatus.Failed)
            {
                done.TrySetResult();
            }
        });
        await hub.StartAsync();

        var other = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 2), "other");
        var watched = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 1), "watched");
        await hub.InvokeAsync(nameof(TrainingHub.JoinRun), watched);
        await _engine.Run(other).ReachEpoch(2);
        await _engine.Run(other).Complete();
        await _engine.Run(watched).ReachEpoch(1);
        await _engine.Run(watched).Complete();
        await done.Task.WaitAsync(ScriptedEngine.Patience);

        Assert.Equal([watched], epochs.Select(e => e.RunId));
    }

    [Fact]
    public async Task On_the_wire_the_status_is_its_name_and_an_epoch_is_one_flat_object_as_before()
    {
        var statuses = new ConcurrentQueue<JsonElement>();
        var epoch = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = _factory.ConnectHub();
        hub.On<JsonElement>(nameof(ITrainingClient.RunStatus), statuses.Enqueue);
        hub.On<JsonElement>(nameof(ITrainingClient.RunEpoch), e => epoch.TrySetResult(e));
        await hub.StartAsync();
        await hub.InvokeAsync(nameof(TrainingHub.JoinAll));

        var id = await TinyRuns.LaunchAsync(_factory.CreateClient(), TinyRuns.Config(epochs: 2), "wire");
        await _engine.Run(id).ReachEpoch(1);
        var json = await epoch.Task.WaitAsync(ScriptedEngine.Patience);

        string[] expected = ["runId", "epoch", "trainLoss", "trainAccuracy", "testLoss", "testAccuracy", "learningRate", "epochSeconds", "imagesPerSecond",
            "validationLoss", "validationAccuracy"]; // the validation split's scores, null without one
        Assert.Equal(JsonValueKind.Null, json.GetProperty("validationAccuracy").ValueKind);
        Assert.Equal(expected, json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, json.GetProperty("runId").GetInt32());
        Assert.Equal(ScriptedRun.Metrics(1).TrainLoss, json.GetProperty("trainLoss").GetDouble());
        Assert.Contains(statuses, s => s.GetProperty("status").GetString() == "Queued");
        Assert.Contains(statuses, s => s.GetProperty("status").GetString() == "Running");
    }
}

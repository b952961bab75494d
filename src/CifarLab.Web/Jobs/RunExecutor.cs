using System.Text.Json;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;
using CifarLab.Web.Data;
using CifarLab.Web.Engine;
using CifarLab.Web.Extensions;
using CifarLab.Web.Live;
using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Jobs;

/// <summary>
/// Trains one claimed run: the trainer on a dedicated thread, its events through a pump, a heartbeat
/// that renews the lease and notices cancel requests, and a final status that says what happened.
/// </summary>
public sealed class RunExecutor(
    ITrainingEngine engine,
    BackendInfo backend,
    RunStore store,
    RunCancellations cancellations,
    LivePublisher live,
    LabPaths paths,
    IOptions<WorkerOptions> options,
    ILogger<RunExecutor> logger)
{
    // The probe reports libtorch's default thread count; a run trains with Worker:CpuThreads when it
    // is set (the trainer calls set_num_threads), so record the threads the run actually uses.
    private BackendReport RunEnvironment(WorkerOptions opts) =>
        opts.CpuThreads > 0 ? backend.Report with { Threads = opts.CpuThreads } : backend.Report;

    public async Task ExecuteAsync(RunRecord run, string slotDevice, CancellationToken hostStopping)
    {
        var opts = options.Value;
        var config = RunConfig.FromJson(run.ConfigJson);
        // A slot bound to a device trains "auto" runs there, so the run records where it really ran.
        if (slotDevice != "auto" && config.Device is "auto" or "cuda")
        {
            config = config with { Device = slotDevice };
        }
        var runDir = paths.RunDirectory(run.Id);
        Directory.CreateDirectory(runDir);
        using var cts = cancellations.Register(run.Id, hostStopping);
        var events = new EventChannel();
        var pump = new RunEventPump(store, live, logger, run.Id, config.Epochs, TimeSpan.FromMilliseconds(opts.ProgressIntervalMs));
        var pumping = pump.PumpAsync(events);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run.Id, TimeSpan.FromSeconds(opts.LeaseSeconds), cts, heartbeatStop.Token);
        try
        {
            var phase = run.ResumeFromCheckpoint ? "resuming from checkpoint" : "starting";
            await store.SetPhaseAsync(run.Id, phase, JsonSerializer.Serialize(RunEnvironment(opts)));
            await live.PublishAsync(new RunStatusMessage(run.Id, nameof(RunStatus.Running), phase, null, null, DateTime.UtcNow));
            var request = new TrainRequest(config, runDir, run.ResumeFromCheckpoint);
            // LongRunning gives the trainer its own thread: hours of synchronous native work must not
            // sit on a thread-pool thread the UI and the hub need.
            var trained = await Task.Factory.StartNew(
                () => engine.Train(request, events, cts.Token),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Drain(events, pumping);
            await store.CompleteAsync(run.Id, trained);
            await live.PublishAsync(new RunStatusMessage(run.Id, nameof(RunStatus.Completed), "completed", null, trained.Result.Test.Accuracy, DateTime.UtcNow));
        }
        catch (OperationCanceledException) when (hostStopping.IsCancellationRequested)
        {
            await Drain(events, pumping);
            await Finish(run.Id, RunStatus.Interrupted, "interrupted: the app stopped; resume continues from the last checkpoint", null);
        }
        catch (OperationCanceledException)
        {
            await Drain(events, pumping);
            await Finish(run.Id, RunStatus.Cancelled, "cancelled", null);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run {RunId} failed", run.Id);
            await Drain(events, pumping);
            await Finish(run.Id, RunStatus.Failed, "failed", Describe(ex));
        }
        finally
        {
            cancellations.Unregister(run.Id);
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
    }

    private async Task Finish(int runId, RunStatus status, string phase, string? error)
    {
        await store.FinishAsync(runId, status, phase, error);
        await live.PublishAsync(new RunStatusMessage(runId, status.ToString(), phase, error, null, DateTime.UtcNow));
    }

    private static async Task Drain(EventChannel events, Task pumping)
    {
        events.Complete();
        await pumping;
    }

    private async Task HeartbeatAsync(int runId, TimeSpan lease, CancellationTokenSource run, CancellationToken stop)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(lease.TotalSeconds / 10, 0.5, 5));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (await store.RenewLeaseAsync(runId, lease))
                    {
                        await run.CancelAsync();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Run {RunId}: lease renewal failed", runId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    // The message a user sees: the innermost cause is usually the one that names the problem.
    private static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null && inner is AggregateException or TypeInitializationException)
        {
            inner = inner.InnerException;
        }
        // Conditions the user caused and can fix explain themselves; anything else keeps its type for a bug report.
        return inner is TrainingDivergedException or InvalidRunConfigException or CifarLab.Training.Data.CifarFormatException
            ? inner.Message
            : $"{inner.GetType().Name}: {inner.Message}";
    }
}

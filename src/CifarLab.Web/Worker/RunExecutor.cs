using CifarLab.Web.Data;
using CifarLab.Web.Extensions;
using CifarLab.Web.Lab;
using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Worker;

/// <summary>
/// Trains one claimed run: the engine on its slot's training thread, its events through a pump, a heartbeat
/// that renews the lease and notices cancel requests, and the lifecycle's ending that says what happened.
/// </summary>
public sealed class RunExecutor(
    ITrainingEngine engine,
    RunLifecycle lifecycle,
    RunArtifacts artifacts,
    RunCancellations cancellations,
    StorageHealth storage,
    LabPaths paths,
    IOptions<WorkerOptions> options,
    ILogger<RunExecutor> logger)
{
    public async Task ExecuteAsync(RunRecord run, string slotDevice, TrainingThread thread, CancellationToken hostStopping)
    {
        var opts = options.Value;
        var config = RunConfig.FromJson(run.ConfigJson);
        // A slot bound to a device trains "auto" runs there, so the run records where it really ran.
        if (slotDevice != "auto" && config.Device is "auto" or "cuda")
        {
            config = config with { Device = slotDevice };
        }
        var runDir = paths.RunDirectory(run.Id);
        using var cts = cancellations.Register(run.Id, hostStopping);
        var events = new EventChannel();
        var pump = new RunEventPump(lifecycle, artifacts, storage, logger, run.Id, config.Epochs, TimeSpan.FromMilliseconds(opts.ProgressIntervalMs));
        var pumping = pump.PumpAsync(events);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run.Id, TimeSpan.FromSeconds(opts.LeaseSeconds), cts, heartbeatStop.Token);
        try
        {
            // Inside the try: a folder that cannot be created fails the run in words like any other storage failure.
            Directory.CreateDirectory(runDir);
            var request = new TrainRequest(config, runDir, run.ResumeFromCheckpoint);
            // On the slot's own long-lived thread (TrainingThread), never a thread-pool thread.
            var trained = await thread.Run(() => engine.Train(request, events, cts.Token));
            await Drain(events, pumping);
            await Durably(run.Id, () => lifecycle.CompleteAsync(run.Id, trained), hostStopping);
        }
        catch (OperationCanceledException) when (hostStopping.IsCancellationRequested)
        {
            await Drain(events, pumping);
            await lifecycle.InterruptAsync(run.Id, "interrupted: the app stopped; resume continues from the last checkpoint");
        }
        catch (OperationCanceledException)
        {
            await Drain(events, pumping);
            await Durably(run.Id, () => lifecycle.StoppedAsync(run.Id), hostStopping);
        }
        catch (Exception ex)
        {
            var storageFault = StorageFaults.Describe(ex, "the run's files", runDir);
            await Drain(events, pumping);
            if (storageFault is not null)
            {
                // The storage's fault, not the run's: said in words, and the lab reports it until a write works again
                // (set after the drain, so an earlier checkpoint's "saved" still in the pump cannot clear it).
                logger.LogError("Run {RunId} failed: {Message}", run.Id, storageFault);
                storage.Failed(storageFault);
            }
            else
            {
                logger.LogError(ex, "Run {RunId} failed", run.Id);
            }
            await Durably(run.Id, () => lifecycle.FailAsync(run.Id, storageFault ?? Describe(ex)), hostStopping);
        }
        finally
        {
            cancellations.Unregister(run.Id);
            await heartbeatStop.CancelAsync();
            await heartbeat;
            RunMemory.Release();
        }
    }

    /// <summary>
    /// Records how the run ended even when the database cannot be written for a while (a full disk): retried, with the
    /// fault reported, until it is stored or the app stops (the run is then Interrupted at the next start).
    /// </summary>
    private async Task Durably(int runId, Func<Task> end, CancellationToken hostStopping)
    {
        var wait = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await end();
                return;
            }
            catch (Exception ex) when (StorageFaults.Describe(ex, "the run's end", paths.DatabasePath) is { } fault)
            {
                storage.Failed(fault);
                logger.LogWarning("Run {RunId}: its end cannot be stored yet ({Fault}); retrying in {Wait}", runId, fault, wait);
            }
            try
            {
                await Task.Delay(wait, hostStopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            wait = TimeSpan.FromSeconds(Math.Min(wait.TotalSeconds * 2, 30));
        }
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
                    if (await lifecycle.RenewLeaseAsync(runId, lease))
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

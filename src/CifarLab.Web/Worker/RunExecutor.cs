using CifarLab.Web.Data;
using CifarLab.Web.Extensions;
using CifarLab.Web.Lab;
using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Worker;

/// <summary>
/// Trains one claimed run: the engine on a dedicated thread, its events through a pump, a heartbeat
/// that renews the lease and notices cancel requests, and the lifecycle's ending that says what happened.
/// </summary>
public sealed class RunExecutor(
    ITrainingEngine engine,
    RunLifecycle lifecycle,
    RunArtifacts artifacts,
    RunCancellations cancellations,
    LabPaths paths,
    IOptions<WorkerOptions> options,
    ILogger<RunExecutor> logger)
{
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
        var pump = new RunEventPump(lifecycle, artifacts, logger, run.Id, config.Epochs, TimeSpan.FromMilliseconds(opts.ProgressIntervalMs));
        var pumping = pump.PumpAsync(events);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run.Id, TimeSpan.FromSeconds(opts.LeaseSeconds), cts, heartbeatStop.Token);
        try
        {
            var request = new TrainRequest(config, runDir, run.ResumeFromCheckpoint);
            // LongRunning gives the trainer its own thread: hours of synchronous native work must not
            // sit on a thread-pool thread the UI and the hub need.
            var trained = await Task.Factory.StartNew(
                () => engine.Train(request, events, cts.Token),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Drain(events, pumping);
            await lifecycle.CompleteAsync(run.Id, trained);
        }
        catch (OperationCanceledException) when (hostStopping.IsCancellationRequested)
        {
            await Drain(events, pumping);
            await lifecycle.InterruptAsync(run.Id, "interrupted: the app stopped; resume continues from the last checkpoint");
        }
        catch (OperationCanceledException)
        {
            await Drain(events, pumping);
            await lifecycle.StoppedAsync(run.Id);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run {RunId} failed", run.Id);
            await Drain(events, pumping);
            await lifecycle.FailAsync(run.Id, Describe(ex));
        }
        finally
        {
            cancellations.Unregister(run.Id);
            await heartbeatStop.CancelAsync();
            await heartbeat;
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

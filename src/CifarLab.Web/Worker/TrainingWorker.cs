using System.Text.Json;
using CifarLab.Web.Lab;
using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Worker;

/// <summary>
/// Serves the queue: one loop per configured device slot, each training one run at a time.
/// Every iteration is wrapped so that one bad run can never stop the host.
/// </summary>
public sealed class TrainingWorker(
    RunLifecycle lifecycle,
    RunExecutor executor,
    BackendInfo backend,
    QueueSignal signal,
    IOptions<WorkerOptions> options,
    ILogger<TrainingWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var opts = options.Value;
        if (!opts.Enabled)
        {
            logger.LogInformation("Training worker disabled; runs stay queued for another worker");
            return Task.CompletedTask;
        }
        var workerId = opts.ResolveWorkerId();
        var slots = opts.ResolveDevices().Select((device, i) => SlotLoop(workerId, i, device, stoppingToken));
        return Task.WhenAll([.. slots, WatchLeasesAsync(TimeSpan.FromSeconds(opts.LeaseSeconds), stoppingToken)]);
    }

    // Other worker processes may share the database; one that dies leaves runs whose lease runs out.
    private async Task WatchLeasesAsync(TimeSpan lease, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(lease / 2);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    var expired = await lifecycle.ExpireLeasesAsync(ct);
                    if (expired.Count > 0)
                    {
                        logger.LogWarning("Run(s) {Ids} lost their worker (lease expired); marked Interrupted", string.Join(", ", expired));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Lease check failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }

    // The probe reports libtorch's default thread count; a run trains with Worker:CpuThreads when it
    // is set (the trainer calls set_num_threads), so record the threads the run actually uses.
    private BackendReport? RunEnvironment(WorkerOptions opts) =>
        opts.CpuThreads > 0 && backend.Report is { } report ? report with { Threads = opts.CpuThreads } : backend.Report;

    private async Task SlotLoop(string workerId, int slot, string device, CancellationToken ct)
    {
        var opts = options.Value;
        var lease = TimeSpan.FromSeconds(opts.LeaseSeconds);
        var poll = TimeSpan.FromSeconds(Math.Max(0.1, opts.PollSeconds));
        logger.LogInformation("Worker {WorkerId} slot {Slot} serves device {Device}", workerId, slot, device);
        string? environment = null;
        using var thread = new TrainingThread($"cifarlab-slot-{slot}");
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // Probed on the first look at the queue, not at startup: the host is up before libtorch loads.
                environment ??= JsonSerializer.Serialize(RunEnvironment(opts));
                var run = await lifecycle.TryClaimAsync(workerId, device, lease, environment, ct);
                if (run is null)
                {
                    await signal.WaitAsync(poll, ct);
                    continue;
                }
                logger.LogInformation("Slot {Slot} took run {RunId} ({Model})", slot, run.Id, run.Model);
                await executor.ExecuteAsync(run, device, thread, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Worker slot {Slot} hit an error; retrying after a pause", slot);
                try
                {
                    await Task.Delay(poll, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}

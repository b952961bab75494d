using System.Linq.Expressions;
using System.Text.Json;
using CifarLab.Web.Data;
using CifarLab.Web.Extensions;
using CifarLab.Web.Live;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Lab;

public enum CommandOutcome { Done, NotFound, Conflict, OverQuota }

public enum QueueMove { Top, Up, Down, Bottom }

/// <summary>
/// The one owner of a run's status. Every change (enqueue, claim, phase, epoch, complete, fail, cancel, interrupt,
/// lease expiry, startup recovery, resume, delete) is one conditional UPDATE whose WHERE holds the transition from
/// <see cref="RunTransitions"/>, so racing workers, processes and users never both win; and each that happens
/// publishes exactly one typed message. Nothing else in the app writes a run's status.
/// </summary>
public sealed class RunLifecycle(
    IDbContextFactory<LabDbContext> dbFactory,
    LivePublisher live,
    QueueSignal signal,
    RunCancellations cancellations,
    RunArtifacts artifacts,
    LabPaths paths,
    TimeProvider clock,
    ILogger<RunLifecycle> logger)
{
    public const string Starting = "starting";
    public const string Resuming = "resuming from checkpoint";

    // Non-finite scores are stored as null, never as a serializer crash that loses the whole result.
    private static readonly JsonSerializerOptions ResultJson = new JsonSerializerOptions().WriteNonFiniteAsNull();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Writes a new run to the end of the queue; returns its id.</summary>
    public async Task<int> EnqueueAsync(RunRecord run, CancellationToken ct = default)
    {
        var now = Now;
        run.Status = RunStatus.Queued;
        run.QueueOrder = now.Ticks;
        run.CreatedAt = now;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Runs.Add(run);
            await db.SaveChangesAsync(ct);
        }
        signal.Pulse();
        await PublishStatus(run.Id, RunStatus.Queued, null, null, null, now);
        return run.Id;
    }

    /// <summary>
    /// A worker slot takes the first queued run it may train. The claim is conditional (… WHERE Status = 'Queued'),
    /// so when several workers (in this process or others sharing the database) race for one row, exactly one wins
    /// and the others move on to the next.
    /// </summary>
    /// <param name="device">The slot's device: "auto" takes any run, otherwise runs for that device or "auto".</param>
    /// <param name="environmentJson">The backend the run trains on, recorded with the claim.</param>
    public async Task<RunRecord?> TryClaimAsync(string workerId, string device, TimeSpan lease, string? environmentJson, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var isAuto = device == "auto";
        var isCuda = device.StartsWith("cuda", StringComparison.Ordinal);
        var claimable = RunTransitions.StatusAllows(RunAction.Claim);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var candidate = await db.Runs.Where(claimable)
                .Where(r => isAuto || r.Device == "auto" || r.Device == device || (isCuda && r.Device == "cuda"))
                .OrderBy(r => r.QueueOrder).ThenBy(r => r.Id)
                .Select(r => (int?)r.Id)
                .FirstOrDefaultAsync(ct);
            if (candidate is null)
            {
                return null;
            }
            var now = Now;
            var claimed = await db.Runs.Where(r => r.Id == candidate).Where(claimable)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Running)
                    .SetProperty(r => r.Phase, r => r.ResumeFromCheckpoint ? Resuming : Starting)
                    .SetProperty(r => r.WorkerId, workerId)
                    .SetProperty(r => r.LeaseExpiresAt, now + lease)
                    .SetProperty(r => r.StartedAt, now)
                    .SetProperty(r => r.FinishedAt, (DateTime?)null)
                    .SetProperty(r => r.Error, (string?)null)
                    .SetProperty(r => r.CancelRequested, false)
                    .SetProperty(r => r.EnvironmentJson, r => environmentJson ?? r.EnvironmentJson), ct);
            if (claimed == 1)
            {
                var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == candidate, ct);
                await PublishStatus(run.Id, RunStatus.Running, run.Phase, null, null, now);
                return run;
            }
            // Another worker won this row between our SELECT and UPDATE; try the next one.
        }
        return null;
    }

    /// <summary>A running run moved on ("Epoch 3/10", "evaluating").</summary>
    public async Task SetPhaseAsync(int runId, string phase)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var n = await db.Runs.Where(r => r.Id == runId).Where(RunTransitions.StatusAllows(RunAction.Train))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Phase, phase));
        if (n == 1)
        {
            await PublishStatus(runId, RunStatus.Running, phase, null, null, Now);
        }
    }

    /// <summary>Step progress is not stored: it only goes live (throttled by the caller).</summary>
    public Task ReportProgressAsync(RunProgressMessage progress) => live.PublishAsync(progress);

    /// <summary>Stores a finished epoch (a resumed run that repeats an epoch overwrites it) and publishes it as it came.</summary>
    public async Task RecordEpochAsync(int runId, EpochMetrics metrics)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var row = await db.Epochs.FindAsync(runId, metrics.Epoch);
            if (row is null)
            {
                row = new EpochRow { RunId = runId };
                db.Epochs.Add(row);
            }
            row.Apply(metrics, Now);
            await db.SaveChangesAsync();
            await db.Runs.Where(r => r.Id == runId && r.CompletedEpochs < metrics.Epoch)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CompletedEpochs, metrics.Epoch));
        }
        await live.PublishAsync(new RunEpochMessage(runId, metrics));
    }

    /// <summary>
    /// Records the data a run trains on. Unofficial data labels the run for good: a run that trained on it in part
    /// (then resumed on official data) is still not an official result.
    /// </summary>
    public async Task SetDatasetAsync(int runId, DatasetProvenance dataset)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var json = JsonSerializer.Serialize(dataset);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.OfficialData, r => r.OfficialData == false ? false : dataset.Official)
            .SetProperty(r => r.DatasetJson, json));
    }

    /// <summary>Extends a running run's lease; returns true when someone asked (maybe from another process) to cancel it.</summary>
    public async Task<bool> RenewLeaseAsync(int runId, TimeSpan lease)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var until = Now + lease;
        await db.Runs.Where(r => r.Id == runId).Where(RunTransitions.StatusAllows(RunAction.Train))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, until));
        return await db.Runs.Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleOrDefaultAsync();
    }

    /// <summary>Running → Completed, with the result's detail and the misclassified images, in one transaction.</summary>
    public async Task CompleteAsync(int runId, TrainedRun trained)
    {
        var result = trained.Result;
        var now = Now;
        var lastEpoch = result.Epochs.Count == 0 ? 0 : result.Epochs.Max(e => e.Epoch);
        var official = result.Dataset?.Official;
        var datasetJson = result.Dataset is { } d ? JsonSerializer.Serialize(d) : null;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var n = await db.Runs.Where(r => r.Id == runId).Where(RunTransitions.StatusAllows(RunAction.Train))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Completed)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.Phase, "completed")
                    .SetProperty(r => r.TestAccuracy, FiniteJson.OrNull(result.Test.Accuracy))
                    .SetProperty(r => r.TestLoss, FiniteJson.OrNull(result.Test.Loss))
                    .SetProperty(r => r.ValidationAccuracy, FiniteJson.OrNull(result.ValidationAccuracy))
                    .SetProperty(r => r.ValidationLoss, FiniteJson.OrNull(result.ValidationLoss))
                    .SetProperty(r => r.TrainSeconds, FiniteJson.OrNull(result.TrainSeconds))
                    .SetProperty(r => r.ImagesPerSecond, FiniteJson.OrNull(result.ImagesPerSecond))
                    .SetProperty(r => r.ActualDevice, result.Device)
                    .SetProperty(r => r.ParameterCount, result.ParameterCount)
                    .SetProperty(r => r.CompletedEpochs, r => r.CompletedEpochs > lastEpoch ? r.CompletedEpochs : lastEpoch)
                    .SetProperty(r => r.OfficialData, r => official == null ? r.OfficialData : r.OfficialData == false ? false : official)
                    .SetProperty(r => r.DatasetJson, r => datasetJson ?? r.DatasetJson)
                    .SetProperty(r => r.WorkerId, (string?)null)
                    .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(r => r.ResumeFromCheckpoint, false)
                    .SetProperty(r => r.CancelRequested, false));
            if (n == 0)
            {
                logger.LogWarning("Run {RunId} finished training but is no longer Running here (its lease expired?); its result is not stored", runId);
                return;
            }
            await db.Results.Where(r => r.RunId == runId).ExecuteDeleteAsync();
            await db.MisclassifiedImages.Where(i => i.RunId == runId).ExecuteDeleteAsync();
            db.Results.Add(new RunResultRow
            {
                RunId = runId,
                TestCount = result.Test.Count,
                PerClassAccuracyJson = JsonSerializer.Serialize(result.Test.PerClassAccuracy, ResultJson),
                ConfusionMatrixJson = JsonSerializer.Serialize(result.Test.ConfusionMatrix, ResultJson),
                MisclassifiedJson = JsonSerializer.Serialize(result.Test.Misclassified, ResultJson),
            });
            db.MisclassifiedImages.AddRange(trained.MisclassifiedImages.Select(i => new MisclassifiedImageRow { RunId = runId, TestIndex = i.TestIndex, Pixels = i.Pixels }));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        await artifacts.SyncAsync(runId);
        await live.PublishAsync(new RunStatusMessage(runId, RunStatus.Completed, "completed", null, FiniteJson.OrNull(result.Test.Accuracy), now,
            FiniteJson.OrNull(result.ValidationAccuracy)));
    }

    /// <summary>Running → Failed, with the message the user sees.</summary>
    public Task FailAsync(int runId, string error) => EndAsync(runId, RunStatus.Failed, "failed", error);

    /// <summary>Running → Cancelled: its worker stopped it as asked.</summary>
    public Task StoppedAsync(int runId) => EndAsync(runId, RunStatus.Cancelled, "cancelled", null);

    /// <summary>Running → Interrupted: its worker is shutting down; resume continues from the last checkpoint.</summary>
    public Task InterruptAsync(int runId, string reason) => EndAsync(runId, RunStatus.Interrupted, reason, null);

    private async Task EndAsync(int runId, RunStatus status, string phase, string? error)
    {
        var now = Now;
        int n;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            n = await db.Runs.Where(r => r.Id == runId).Where(RunTransitions.StatusAllows(RunAction.Train))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, status)
                    .SetProperty(r => r.Phase, phase)
                    .SetProperty(r => r.Error, error)
                    .SetProperty(r => r.FinishedAt, status == RunStatus.Interrupted ? null : now)
                    .SetProperty(r => r.WorkerId, (string?)null)
                    .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(r => r.CancelRequested, false));
            if (n == 1 && status == RunStatus.Interrupted)
            {
                await KeepEpochsUpToCheckpointAsync(db, runId);
            }
        }
        await artifacts.SyncAsync(runId);
        if (n == 1)
        {
            await PublishStatus(runId, status, phase, error, null, now);
        }
    }

    /// <summary>
    /// An interrupted run lists only the epochs its last checkpoint holds. The trainer reports an epoch's metrics
    /// before it writes that epoch's checkpoint (and the last epoch, or every epoch with a checkpoint interval, gets
    /// none), so a run stopped in between had more epochs recorded than it can resume from; resuming trains those
    /// again, and they are recorded again when they finish.
    /// </summary>
    private async Task KeepEpochsUpToCheckpointAsync(LabDbContext db, int runId)
    {
        var kept = CheckpointLayout.LatestEpoch(paths.RunDirectory(runId)) ?? 0;
        await db.Epochs.Where(e => e.RunId == runId && e.Epoch > kept).ExecuteDeleteAsync();
        await db.Runs.Where(r => r.Id == runId && r.CompletedEpochs > kept)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CompletedEpochs, kept));
    }

    /// <summary>
    /// At startup: runs this worker left Running (it crashed or was killed), and runs of any worker whose lease ran
    /// out, become Interrupted. Returns their ids.
    /// </summary>
    public Task<IReadOnlyList<int>> RecoverAsync(string workerId, CancellationToken ct)
    {
        var now = Now;
        return InterruptOrphansAsync(r => r.WorkerId == workerId || r.LeaseExpiresAt == null || r.LeaseExpiresAt < now,
            "interrupted: the app stopped during this run", ct);
    }

    /// <summary>
    /// While running: runs whose worker stopped renewing its lease (a crashed process elsewhere) become Interrupted,
    /// and every open page hears it. Live runs renew every few seconds, so they are never touched.
    /// </summary>
    public Task<IReadOnlyList<int>> ExpireLeasesAsync(CancellationToken ct)
    {
        var now = Now;
        return InterruptOrphansAsync(r => r.LeaseExpiresAt < now, "interrupted: its worker stopped renewing the lease", ct);
    }

    private async Task<IReadOnlyList<int>> InterruptOrphansAsync(Expression<Func<RunRecord, bool>> orphaned, string phase, CancellationToken ct)
    {
        var running = RunTransitions.StatusAllows(RunAction.Train);
        var interrupted = new List<int>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var ids = await db.Runs.Where(running).Where(orphaned).Select(r => r.Id).ToListAsync(ct);
            foreach (var id in ids)
            {
                var n = await db.Runs.Where(r => r.Id == id).Where(running).Where(orphaned)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.Status, RunStatus.Interrupted)
                        .SetProperty(r => r.Phase, phase)
                        .SetProperty(r => r.WorkerId, (string?)null)
                        .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null), ct);
                if (n == 1)
                {
                    await KeepEpochsUpToCheckpointAsync(db, id);
                    interrupted.Add(id);
                }
            }
        }
        foreach (var id in interrupted)
        {
            await PublishStatus(id, RunStatus.Interrupted, phase, null, null, Now);
        }
        return interrupted;
    }

    /// <summary>
    /// A queued or interrupted run is cancelled at once; a running one is flagged in the database (its worker may be
    /// another process) and stopped here directly when it trains in this process; its worker then ends it.
    /// </summary>
    public async Task<(CommandOutcome Outcome, string Message)> CancelAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        var cancellable = RunTransitions.StatusAllows(RunAction.Cancel);
        var stopped = await db.Runs.Where(r => r.Id == runId && r.Status != RunStatus.Running).Where(cancellable)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Cancelled)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.ResumeFromCheckpoint, false), ct);
        if (stopped == 1)
        {
            await PublishStatus(runId, RunStatus.Cancelled, null, null, null, now);
            return (CommandOutcome.Done, "Cancelled.");
        }
        var flagged = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Running).Where(cancellable)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), ct);
        if (flagged == 1)
        {
            cancellations.Cancel(runId);
            return (CommandOutcome.Done, "Cancellation requested; the run stops after its current step.");
        }
        return await Refuse(db, runId, RunAction.Cancel, "cancelled", ct);
    }

    /// <summary>
    /// Queues an interrupted, failed or cancelled run again; the worker continues from its latest checkpoint. A
    /// cancelled run needs one (<see cref="RunTransitions.ResumeNeedsCheckpoint"/>). Epochs recorded after that
    /// checkpoint are dropped: they are trained again.
    /// </summary>
    public async Task<(CommandOutcome Outcome, string Message)> ResumeAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        var resumable = RunTransitions.StatusAllows(RunAction.Resume);
        var hasCheckpoint = CheckpointLayout.LatestEpoch(paths.RunDirectory(runId)) is not null;
        if (!hasCheckpoint)
        {
            var status = await db.Runs.Where(r => r.Id == runId).Select(r => (RunStatus?)r.Status).SingleOrDefaultAsync(ct);
            if (status is { } s && RunTransitions.ResumeNeedsCheckpoint(s))
            {
                return (CommandOutcome.Conflict, $"Run {runId} was cancelled before its first epoch checkpoint, so there is nothing to resume; re-run it instead.");
            }
        }
        var n = await db.Runs.Where(r => r.Id == runId).Where(resumable)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Queued)
                .SetProperty(r => r.ResumeFromCheckpoint, true)
                .SetProperty(r => r.Phase, Resuming)
                .SetProperty(r => r.Error, (string?)null)
                .SetProperty(r => r.FinishedAt, (DateTime?)null)
                .SetProperty(r => r.QueueOrder, now.Ticks), ct);
        if (n == 1)
        {
            await KeepEpochsUpToCheckpointAsync(db, runId);
            signal.Pulse();
            await PublishStatus(runId, RunStatus.Queued, Resuming, null, null, now);
            return (CommandOutcome.Done, "Queued to resume from its last checkpoint.");
        }
        return await Refuse(db, runId, RunAction.Resume, "resumed", ct);
    }

    /// <summary>Deletes a run that is not training, with its rows and its files.</summary>
    public async Task<(CommandOutcome Outcome, string Message)> DeleteAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Conditional so a run claimed by a worker in the meantime is not pulled from under it.
        var deleted = await db.Runs.Where(r => r.Id == runId).Where(RunTransitions.StatusAllows(RunAction.Delete)).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            return await Refuse(db, runId, RunAction.Delete, "deleted (cancel it first)", ct);
        }
        await SqliteSpace.ReclaimAsync(db, ct);
        DeleteFolder(paths.RunDirectory(runId));
        await live.PublishAsync(new RunDeletedMessage(runId));
        return (CommandOutcome.Done, "Deleted.");
    }

    /// <summary>Reorders a queued run; false when it is not queued or already at that end.</summary>
    public async Task<bool> MoveAsync(int runId, QueueMove move, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var movable = RunTransitions.StatusAllows(RunAction.Move);
        var run = await db.Runs.Where(movable).SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return false;
        }
        var queued = db.Runs.Where(movable).Where(r => r.Id != runId);
        switch (move)
        {
            case QueueMove.Top:
                var min = await queued.MinAsync(r => (long?)r.QueueOrder, ct);
                if (min is null || min > run.QueueOrder) return false;
                run.QueueOrder = min.Value - 1;
                break;
            case QueueMove.Bottom:
                var max = await queued.MaxAsync(r => (long?)r.QueueOrder, ct);
                if (max is null || max < run.QueueOrder) return false;
                run.QueueOrder = max.Value + 1;
                break;
            default:
                var neighbour = move == QueueMove.Up
                    ? await queued.Where(r => r.QueueOrder <= run.QueueOrder).OrderByDescending(r => r.QueueOrder).FirstOrDefaultAsync(ct)
                    : await queued.Where(r => r.QueueOrder >= run.QueueOrder).OrderBy(r => r.QueueOrder).FirstOrDefaultAsync(ct);
                if (neighbour is null) return false;
                (run.QueueOrder, neighbour.QueueOrder) = (neighbour.QueueOrder, run.QueueOrder);
                if (run.QueueOrder == neighbour.QueueOrder)
                {
                    run.QueueOrder += move == QueueMove.Up ? -1 : 1;
                }
                break;
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    private Task PublishStatus(int runId, RunStatus status, string? phase, string? error, double? accuracy, DateTime at) =>
        live.PublishAsync(new RunStatusMessage(runId, status, phase, error, accuracy, at));

    private static async Task<(CommandOutcome, string)> Refuse(LabDbContext db, int runId, RunAction action, string verb, CancellationToken ct)
    {
        var status = await db.Runs.Where(r => r.Id == runId).Select(r => (RunStatus?)r.Status).SingleOrDefaultAsync(ct);
        return status is { } s
            ? (CommandOutcome.Conflict, RunTransitions.Refusal(runId, s, action, verb))
            : (CommandOutcome.NotFound, $"Run {runId} does not exist.");
    }

    private void DeleteFolder(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Run folder {Folder} could not be deleted", dir);
        }
    }
}

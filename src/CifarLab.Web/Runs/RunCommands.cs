using CifarLab.Training.Training;
using CifarLab.Web.Data;
using CifarLab.Web.Extensions;
using CifarLab.Web.Jobs;
using CifarLab.Web.Live;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Runs;

public enum CommandOutcome { Done, NotFound, Conflict }

/// <summary>What a user can do to an existing run: cancel, resume, re-run, delete.</summary>
public sealed class RunCommands(
    IDbContextFactory<LabDbContext> dbFactory,
    RunCancellations cancellations,
    RunLauncher launcher,
    QueueSignal signal,
    LivePublisher live,
    LabPaths paths,
    TimeProvider clock,
    ILogger<RunCommands> logger)
{
    /// <summary>
    /// A queued or interrupted run is cancelled at once; a running one is flagged in the database
    /// (its worker may be another process) and stopped here directly when it trains in this process.
    /// </summary>
    public async Task<(CommandOutcome Outcome, string Message)> CancelAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var stopped = await db.Runs
            .Where(r => r.Id == runId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Interrupted))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Cancelled).SetProperty(r => r.FinishedAt, now), ct);
        if (stopped == 1)
        {
            await live.PublishAsync(new RunStatusMessage(runId, nameof(RunStatus.Cancelled), null, null, null, now));
            return (CommandOutcome.Done, "Cancelled.");
        }
        var flagged = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), ct);
        if (flagged == 1)
        {
            cancellations.Cancel(runId);
            return (CommandOutcome.Done, "Cancellation requested; the run stops after its current step.");
        }
        var status = await StatusOf(db, runId, ct);
        return status is null
            ? (CommandOutcome.NotFound, $"Run {runId} does not exist.")
            : (CommandOutcome.Conflict, $"Run {runId} is {status} and can no longer be cancelled.");
    }

    /// <summary>Queues an interrupted run again; the worker continues from its latest checkpoint.</summary>
    public async Task<(CommandOutcome Outcome, string Message)> ResumeAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var n = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Interrupted)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Queued)
                .SetProperty(r => r.ResumeFromCheckpoint, true)
                .SetProperty(r => r.QueueOrder, now.Ticks), ct);
        if (n == 1)
        {
            signal.Pulse();
            await live.PublishAsync(new RunStatusMessage(runId, nameof(RunStatus.Queued), "resuming from checkpoint", null, null, now));
            return (CommandOutcome.Done, "Queued to resume from its last checkpoint.");
        }
        var status = await StatusOf(db, runId, ct);
        return status is null
            ? (CommandOutcome.NotFound, $"Run {runId} does not exist.")
            : (CommandOutcome.Conflict, $"Only an Interrupted run can resume; run {runId} is {status}.");
    }

    /// <summary>Queues a fresh copy of a run's config; returns the new run's id.</summary>
    public async Task<(CommandOutcome Outcome, int? NewRunId, string Message)> RerunAsync(int runId, CancellationToken ct = default)
    {
        RunRecord? run;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
        }
        if (run is null)
        {
            return (CommandOutcome.NotFound, null, $"Run {runId} does not exist.");
        }
        var result = await launcher.LaunchAsync(new LaunchRequest
        {
            Config = RunConfig.FromJson(run.ConfigJson),
            Name = $"{run.Name} (re-run)",
            Tags = run.TagList,
            Notes = run.Notes,
            SourceRunId = run.Id,
        }, ct);
        return result.Succeeded
            ? (CommandOutcome.Done, result.RunId, "Queued.")
            : (CommandOutcome.Conflict, null, string.Join(" ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
    }

    /// <summary>Deletes a run that is not training, with its rows and its files.</summary>
    public async Task<(CommandOutcome Outcome, string Message)> DeleteAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var status = await StatusOf(db, runId, ct);
        if (status is null)
        {
            return (CommandOutcome.NotFound, $"Run {runId} does not exist.");
        }
        if (status == RunStatus.Running)
        {
            return (CommandOutcome.Conflict, $"Run {runId} is training; cancel it first.");
        }
        // Conditional so a run claimed by a worker in the meantime is not pulled from under it.
        var deleted = await db.Runs.Where(r => r.Id == runId && r.Status != RunStatus.Running).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            return (CommandOutcome.Conflict, $"Run {runId} just started training; cancel it first.");
        }
        DeleteFolder(paths.RunDirectory(runId));
        return (CommandOutcome.Done, "Deleted.");
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
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Run folder {Folder} could not be deleted", dir);
        }
        catch (UnauthorizedAccessException ex)
        {
            logger.LogWarning(ex, "Run folder {Folder} could not be deleted", dir);
        }
    }

    private static Task<RunStatus?> StatusOf(LabDbContext db, int runId, CancellationToken ct) =>
        db.Runs.Where(r => r.Id == runId).Select(r => (RunStatus?)r.Status).SingleOrDefaultAsync(ct);
}

using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Runs;

public enum QueueMove { Top, Up, Down, Bottom }

/// <summary>
/// The persistent queue. A worker claims a run with a conditional UPDATE (… WHERE Status = 'Queued'),
/// so when several workers — in this process or others sharing the database — race for the same
/// row, exactly one wins and the others move on to the next.
/// </summary>
public sealed class QueueStore(IDbContextFactory<LabDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="device">The slot's device: "auto" takes any run, otherwise runs for that device or "auto".</param>
    public async Task<RunRecord?> TryClaimAsync(string workerId, string device, TimeSpan lease, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var isAuto = device == "auto";
        var isCuda = device.StartsWith("cuda", StringComparison.Ordinal);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var candidate = await db.Runs
                .Where(r => r.Status == RunStatus.Queued)
                .Where(r => isAuto || r.Device == "auto" || r.Device == device || (isCuda && r.Device == "cuda"))
                .OrderBy(r => r.QueueOrder).ThenBy(r => r.Id)
                .Select(r => (int?)r.Id)
                .FirstOrDefaultAsync(ct);
            if (candidate is null)
            {
                return null;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.Runs
                .Where(r => r.Id == candidate && r.Status == RunStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Running)
                    .SetProperty(r => r.WorkerId, workerId)
                    .SetProperty(r => r.LeaseExpiresAt, now + lease)
                    .SetProperty(r => r.StartedAt, now)
                    .SetProperty(r => r.FinishedAt, (DateTime?)null)
                    .SetProperty(r => r.Error, (string?)null)
                    .SetProperty(r => r.CancelRequested, false), ct);
            if (claimed == 1)
            {
                return await db.Runs.AsNoTracking().SingleAsync(r => r.Id == candidate, ct);
            }
            // Another worker won this row between our SELECT and UPDATE; try the next one.
        }
        return null;
    }

    /// <summary>
    /// At startup: runs this worker left Running (it crashed or was killed), and runs of any worker
    /// whose lease ran out, become Interrupted. Returns their ids.
    /// </summary>
    public async Task<IReadOnlyList<int>> RecoverAsync(string workerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var orphaned = await db.Runs
            .Where(r => r.Status == RunStatus.Running && (r.WorkerId == workerId || r.LeaseExpiresAt == null || r.LeaseExpiresAt < now))
            .Select(r => r.Id).ToListAsync(ct);
        if (orphaned.Count > 0)
        {
            await db.Runs.Where(r => orphaned.Contains(r.Id) && r.Status == RunStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Interrupted)
                    .SetProperty(r => r.Phase, "interrupted: the app stopped during this run")
                    .SetProperty(r => r.WorkerId, (string?)null)
                    .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null), ct);
        }
        return orphaned;
    }

    /// <summary>
    /// While running: runs whose worker stopped renewing its lease (a crashed process elsewhere)
    /// become Interrupted. Live runs renew every few seconds, so they are never touched.
    /// </summary>
    public async Task<IReadOnlyList<int>> ExpireLeasesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.Runs.Where(r => r.Status == RunStatus.Running && r.LeaseExpiresAt < now)
            .Select(r => r.Id).ToListAsync(ct);
        foreach (var id in expired)
        {
            await db.Runs.Where(r => r.Id == id && r.Status == RunStatus.Running && r.LeaseExpiresAt < now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Interrupted)
                    .SetProperty(r => r.Phase, "interrupted: its worker stopped renewing the lease")
                    .SetProperty(r => r.WorkerId, (string?)null)
                    .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null), ct);
        }
        return expired;
    }

    /// <summary>Reorders a queued run; false when it is not queued or already at that end.</summary>
    public async Task<bool> MoveAsync(int runId, QueueMove move, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId && r.Status == RunStatus.Queued, ct);
        if (run is null)
        {
            return false;
        }
        var queued = db.Runs.Where(r => r.Status == RunStatus.Queued && r.Id != runId);
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
}

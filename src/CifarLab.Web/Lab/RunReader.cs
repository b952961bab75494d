using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Lab;

/// <summary>Loads one run with its epochs, result and artifacts, or several runs' curves.</summary>
public sealed class RunReader(IDbContextFactory<LabDbContext> dbFactory)
{
    public async Task<RunRecord?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking()
            .Include(r => r.EpochRows.OrderBy(e => e.Epoch))
            .Include(r => r.Result)
            .Include(r => r.Artifacts.OrderBy(a => a.RelativePath))
            .AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>The run's own row, without its epochs, result or files.</summary>
    public async Task<RunRecord?> GetSummaryAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>Whether the run's misclassified images are stored with it (runs completed before they were are not).</summary>
    public async Task<bool> HasStoredImagesAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MisclassifiedImages.AnyAsync(i => i.RunId == id, ct);
    }

    /// <summary>Runs with their epoch rows (no result detail): the compare page.</summary>
    public async Task<IReadOnlyList<RunRecord>> GetManyAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Runs.AsNoTracking()
            .Include(r => r.EpochRows.OrderBy(e => e.Epoch))
            .Where(r => ids.Contains(r.Id))
            .AsSplitQuery()
            .ToListAsync(ct);
        return runs.OrderBy(r => ids.ToList().IndexOf(r.Id)).ToList();
    }

    public async Task<IReadOnlyList<RunRecord>> ActiveAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running || r.Status == RunStatus.Interrupted)
            .ToListAsync(ct);
        // Running first, then the queue in the order it will be served, then the interrupted.
        return active.OrderBy(r => r.Status switch { RunStatus.Running => 0, RunStatus.Queued => 1, _ => 2 })
            .ThenBy(r => r.QueueOrder).ThenBy(r => r.Id).ToList();
    }
}

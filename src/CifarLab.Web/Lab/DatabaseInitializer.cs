using CifarLab.Web.Data;
using CifarLab.Web.Extensions;
using CifarLab.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Lab;

/// <summary>
/// Runs before the worker starts: makes deleted runs give their space back (auto_vacuum=INCREMENTAL, see
/// <see cref="SqliteSpace"/>), applies migrations, switches SQLite to WAL (readers never wait for the worker's
/// writes), and has the lifecycle mark runs orphaned by a crash as Interrupted (and queue them again when asked).
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<LabDbContext> dbFactory,
    RunLifecycle lifecycle,
    LabPaths paths,
    IOptions<WorkerOptions> worker,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(paths.DatabasePath)!);
        Directory.CreateDirectory(paths.CheckpointRoot);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // One connection for all of it: a new database's auto_vacuum mode holds once its first table is written.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await SqliteSpace.EnableIncrementalVacuumAsync(db, logger, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var interrupted = await lifecycle.RecoverAsync(worker.Value.ResolveWorkerId(), cancellationToken);
        if (interrupted.Count > 0)
        {
            logger.LogWarning("Marked {Count} run(s) Interrupted after an unclean stop: {Ids}", interrupted.Count, string.Join(", ", interrupted));
            if (worker.Value.AutoResumeInterrupted)
            {
                foreach (var id in interrupted)
                {
                    await lifecycle.ResumeAsync(id, cancellationToken);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

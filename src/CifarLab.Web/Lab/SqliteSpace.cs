using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Lab;

/// <summary>
/// Deleting runs gives their space back to the disk. The database uses auto_vacuum=INCREMENTAL, and every delete ends
/// with PRAGMA incremental_vacuum, which truncates the file by the pages the delete freed. A new database gets the
/// mode before its first table; an existing one (created without it) is converted once, at startup, by VACUUM, which
/// rewrites it with the mode applied (SQLite's only way to change it once tables exist) and keeps every row.
/// </summary>
public static class SqliteSpace
{
    private const long Incremental = 2;

    public static async Task EnableIncrementalVacuumAsync(LabDbContext db, ILogger logger, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }
        var mode = await ScalarAsync(db, "PRAGMA auto_vacuum;", ct);
        if (mode == Incremental)
        {
            return;
        }
        var tables = await ScalarAsync(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table';", ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA auto_vacuum = INCREMENTAL;", ct);
        if (tables > 0)
        {
            logger.LogInformation("Converting the database to auto_vacuum=INCREMENTAL (once), so deleted runs give their space back");
            await db.Database.ExecuteSqlRawAsync("VACUUM;", ct);
        }
    }

    /// <summary>Returns the pages freed by deletes to the file system.</summary>
    public static Task ReclaimAsync(LabDbContext db, CancellationToken ct) =>
        db.Database.IsSqlite() ? db.Database.ExecuteSqlRawAsync("PRAGMA incremental_vacuum;", ct) : Task.CompletedTask;

    private static async Task<long> ScalarAsync(LabDbContext db, string sql, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }
}

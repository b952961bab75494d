using CifarLab.Web.Extensions;
using Microsoft.Data.Sqlite;

namespace CifarLab.Web.Lab;

/// <summary>
/// Before the app starts: can it write where it keeps its state (the data folder, the checkpoint folder, the
/// database)? Null when it can, else one sentence naming the place, the cause and the fix, which Program.cs prints
/// as the app's only words before it exits with a non-zero code (never a stack trace).
/// </summary>
public static class StartupStorage
{
    public static string? Problem(LabPaths paths)
    {
        foreach (var (folder, what, setting) in new[]
        {
            (paths.DataDirectory, "data folder", "Storage:DataDirectory"),
            (Path.GetDirectoryName(paths.DatabasePath)!, "database folder", "Storage:DatabasePath"),
            (paths.CheckpointRoot, "checkpoint folder", "Storage:CheckpointDirectory"),
        })
        {
            if (FolderProblem(folder) is { } cause)
            {
                return $"the {what} {folder} cannot be written ({cause}). Make it writable by the app, or set {setting} to a writable place.";
            }
        }
        return DatabaseProblem(paths) is { } dbCause
            ? $"the database {paths.DatabasePath} cannot be written ({dbCause}). Make the file (and its -wal and -shm files) writable by the app, or set Storage:DatabasePath to a writable place."
            : null;
    }

    private static string? FolderProblem(string folder)
    {
        var probe = Path.Combine(folder, $".startup-probe-{Guid.NewGuid():N}{CheckpointLayout.TempSuffix}");
        try
        {
            Directory.CreateDirectory(folder);
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return StorageFailedException.Reason(ex);
        }
    }

    /// <summary>A write that leaves nothing behind (a table created and rolled back needs a writable database, journal
    /// and some free space), on a connection of its own; null when it worked, else SQLite's words.</summary>
    public static string? DatabaseProblem(LabPaths paths)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(paths.ConnectionString) { Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "BEGIN IMMEDIATE; CREATE TABLE __cifarlab_write_probe (x INTEGER); ROLLBACK;";
            command.ExecuteNonQuery();
            return null;
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }
}

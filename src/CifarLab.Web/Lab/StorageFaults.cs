using Microsoft.Data.Sqlite;

namespace CifarLab.Web.Lab;

/// <summary>Recognises a storage failure anywhere in an exception (the file system's or SQLite's) and says it in words.</summary>
public static class StorageFaults
{
    // SQLite's primary result codes (the extended ones carry them in the low byte).
    private const int SqliteReadOnly = 8, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14;

    /// <summary>What failed and what to do, when the exception (or one inside it) is a storage failure; else null.</summary>
    /// <param name="writing">What was being written, for a file-system error that does not say so itself.</param>
    /// <param name="folder">Where, for the same.</param>
    public static string? Describe(Exception ex, string writing, string folder)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StorageFailedException s:
                    return s.Message;
                case SqliteException sql when (sql.SqliteErrorCode & 0xFF) is SqliteFull:
                    return $"No space left on device while writing the database ({sql.Message}). Free some space, then try again.";
                case SqliteException sql when (sql.SqliteErrorCode & 0xFF) is SqliteReadOnly or SqliteCantOpen or SqliteIoError:
                    return $"The database cannot be written ({sql.Message}). Make its file and folder writable by the app (and check the disk), then try again.";
                case var io when StorageFailedException.IsStorageFault(io):
                    return new StorageFailedException(writing, folder, io).Message;
            }
        }
        return null;
    }
}

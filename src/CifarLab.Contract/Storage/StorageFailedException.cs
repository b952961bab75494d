namespace CifarLab.Contract;

/// <summary>
/// Writing a run's files failed because of the storage, not the run: the disk is full, the folder is not writable or
/// the file system is read-only. The message says what was being written and why it failed, in words
/// ("No space left on device while writing the epoch 3 checkpoint"), and what to do.
/// </summary>
public sealed class StorageFailedException : IOException
{
    // errno values (Linux/macOS) as .NET reports them in IOException.HResult, and the Windows HRESULTs for the same.
    private const int Enospc = 28, Edquot = 122, Erofs = 30, Eacces = 13, Eperm = 1;
    private const int WinDiskFull = unchecked((int)0x80070070), WinHandleDiskFull = unchecked((int)0x80070027);
    private const int WinAccessDenied = unchecked((int)0x80070005), WinWriteProtect = unchecked((int)0x80070013);

    /// <param name="writing">What was being written, e.g. "the epoch 3 checkpoint".</param>
    /// <param name="folder">Where it was written.</param>
    /// <param name="cause">The file system's own error (a storage fault: see <see cref="IsStorageFault"/>).</param>
    public StorageFailedException(string writing, string folder, Exception cause)
        : base($"{Reason(cause)} while writing {writing} (in {folder}). {Advice(cause)}", cause)
    {
        Writing = writing;
        Folder = folder;
        HResult = cause.HResult;
    }

    public StorageFailedException() : base("The storage failed.") { Writing = Folder = ""; }

    public StorageFailedException(string message) : base(message) { Writing = Folder = ""; }

    public StorageFailedException(string message, Exception inner) : base(message, inner) { Writing = Folder = ""; }

    public string Writing { get; }

    public string Folder { get; }

    /// <summary>True when the disk is full or the place is not writable: the storage's fault, which a retry after
    /// freeing space or fixing permissions cures (not a bug, not the run's config).</summary>
    public static bool IsStorageFault(Exception ex) => ex switch
    {
        StorageFailedException => true,
        UnauthorizedAccessException => true,
        IOException io => io.HResult is Enospc or Edquot or Erofs or Eacces or Eperm or WinDiskFull or WinHandleDiskFull or WinAccessDenied or WinWriteProtect,
        _ => false,
    };

    /// <summary>True when the fault is a full disk (or quota), as opposed to a place that cannot be written.</summary>
    public static bool IsDiskFull(Exception ex) => ex.HResult is Enospc or Edquot or WinDiskFull or WinHandleDiskFull;

    /// <summary>The cause in words.</summary>
    public static string Reason(Exception ex) => ex switch
    {
        _ when IsDiskFull(ex) => "No space left on device",
        _ when ex.HResult is Erofs or WinWriteProtect => "The file system is read-only",
        UnauthorizedAccessException => "Permission denied",
        _ when ex.HResult is Eacces or Eperm or WinAccessDenied => "Permission denied",
        _ => ex.Message,
    };

    private static string Advice(Exception ex) => IsDiskFull(ex)
        ? "Free some space there, then resume the run: it continues from its last good checkpoint."
        : "Make that folder writable by the app, then resume the run: it continues from its last good checkpoint.";
}

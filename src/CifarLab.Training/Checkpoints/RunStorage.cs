namespace CifarLab.Training.Checkpoints;

/// <summary>
/// Where a run's files are written: every checkpoint, export and result byte goes through <see cref="Create"/>.
/// The real one is the file system; a test substitutes one that runs out of space (its streams throw the
/// file system's own ENOSPC IOException), which is how a full disk is reproduced without a small disk.
/// </summary>
public class RunStorage
{
    public static RunStorage Disk { get; } = new();

    /// <summary>A new file to write (fails when it exists).</summary>
    public virtual Stream Create(string path) =>
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
}

using CifarLab.Training.Checkpoints;
using CifarLab.Web.Extensions;
using CifarLab.Web.Lab;

namespace CifarLab.Web.Worker;

/// <summary>Writes, flushes and removes a small temp file in the checkpoint folder through the same
/// <see cref="RunStorage"/> the checkpoints use, then makes a write to the database that it rolls back.</summary>
public sealed class StorageProbe(RunStorage storage, LabPaths paths) : IStorageProbe
{
    private const int Size = 64 * 1024;

    public string? TryWrite() => TryWriteFile() ?? DatabaseProblem();

    private string? DatabaseProblem() =>
        StartupStorage.DatabaseProblem(paths) is { } cause
            ? $"The database cannot be written ({cause}). Make its file and folder writable by the app (and check the disk), then try again."
            : null;

    private string? TryWriteFile()
    {
        var path = Path.Combine(paths.CheckpointRoot, $".storage-probe-{Guid.NewGuid():N}{CheckpointLayout.TempSuffix}");
        try
        {
            Directory.CreateDirectory(paths.CheckpointRoot);
            using (var stream = storage.Create(path))
            {
                stream.Write(new byte[Size]);
                stream.Flush();
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return StorageFaults.Describe(ex, "a test file", paths.CheckpointRoot) ?? ex.Message;
        }
        finally
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Nothing was written, or it goes with the next probe's success.
            }
        }
    }
}

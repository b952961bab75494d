using System.Globalization;

namespace CifarLab.Contract;

/// <summary>
/// The names in a run's folder that the engine writes and the host reads: epoch checkpoints in epoch-NNNN/ folders
/// (written as epoch-NNNN.partial/ and renamed when complete), final files at the top, and temporary files
/// (".tmp") that are renamed into place when complete. Neither half of a write is ever a finished file.
/// </summary>
public static class CheckpointLayout
{
    public const string EpochPrefix = "epoch-";
    public const string PartialSuffix = ".partial";
    public const string TempSuffix = ".tmp";
    public const string ModelFile = "model.bin";

    /// <summary>The folder name of the checkpoint written after an epoch (1-based): epoch-0003.</summary>
    public static string EpochFolder(int epochsCompleted) =>
        EpochPrefix + epochsCompleted.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The epoch of a finished checkpoint folder's name, or null (a .partial folder, anything else).</summary>
    public static int? EpochOf(string folderName) =>
        folderName.StartsWith(EpochPrefix, StringComparison.Ordinal)
        && !folderName.EndsWith(PartialSuffix, StringComparison.Ordinal)
        && int.TryParse(folderName.AsSpan(EpochPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var e)
            ? e
            : null;

    /// <summary>True for a file that is still being written (a temp file, or anything in a .partial folder): never a
    /// finished file, never listed, zipped or served.</summary>
    public static bool IsUnfinished(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/');
        return parts[^1].EndsWith(TempSuffix, StringComparison.Ordinal)
            || parts.SkipLast(1).Any(d => d.EndsWith(PartialSuffix, StringComparison.Ordinal));
    }

    /// <summary>The newest finished epoch checkpoint in a run's folder (one with its model file), or null.</summary>
    public static int? LatestEpoch(string runDirectory)
    {
        if (!Directory.Exists(runDirectory))
        {
            return null;
        }
        return Directory.EnumerateDirectories(runDirectory, EpochPrefix + "*")
            .Select(d => (Dir: d, Epoch: EpochOf(Path.GetFileName(d))))
            .Where(x => x.Epoch is not null && File.Exists(Path.Combine(x.Dir, ModelFile)))
            .Max(x => x.Epoch);
    }
}

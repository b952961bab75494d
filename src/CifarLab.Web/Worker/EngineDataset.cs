using CifarLab.Training.Data;
using CifarLab.Web.Extensions;

namespace CifarLab.Web.Worker;

/// <summary>The configured dataset: its engine options, readiness, preparation and raw test images.</summary>
public sealed class EngineDataset(LabPaths paths)
{
    private readonly DatasetManager _manager = new();

    /// <summary>The Dataset section as both hosts read it (<see cref="DatasetConfiguration"/>).</summary>
    public DatasetOptions Options => paths.Dataset;

    public DatasetStatus Probe() => _manager.Probe(Options);

    /// <summary>Downloads, verifies and extracts when needed; returns the folder with the batch files and what the data is.</summary>
    public PreparedDataset Prepare(IProgress<DownloadProgress>? progress, CancellationToken ct) =>
        _manager.Prepare(Options, progress, ct);

    /// <summary>The first <paramref name="count"/> training images of the prepared dataset (no download: a preview waits
    /// for the dataset rather than fetching it).</summary>
    public CifarSplit FirstTrainImages(int count)
    {
        var folder = Probe().Folder ?? throw new InvalidOperationException("The dataset is not prepared yet, so its training images cannot be shown; it is prepared before the first run trains.");
        var root = CifarLayout.FindDataFolder(folder) ?? folder;
        return CifarDataset.LoadBatches(CifarLayout.TrainFiles.Select(f => Path.Combine(root, f)), count);
    }

    /// <summary>
    /// Reads one record of test_batch.bin straight from disk (no tensors, no full load). Only runs that finished
    /// before their images were stored with them need this; it shows whatever the configured dataset holds now.
    /// </summary>
    public byte[] TestImagePng(int testIndex, int scale)
    {
        var folder = Probe().Folder ?? throw new InvalidOperationException("The dataset is not prepared, so its test images cannot be shown.");
        var file = Path.Combine(CifarLayout.FindDataFolder(folder) ?? folder, CifarLayout.TestFile);
        var count = CifarLayout.CountRecords(file);
        ArgumentOutOfRangeException.ThrowIfNegative(testIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testIndex, count);
        var record = new byte[CifarLayout.RecordBytes];
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            stream.Seek((long)testIndex * CifarLayout.RecordBytes, SeekOrigin.Begin);
            stream.ReadExactly(record);
        }
        return PngEncoder.EncodeRgbPlanes(record.AsSpan(1), CifarLayout.ImageSize, CifarLayout.ImageSize, Math.Clamp(scale, 1, 8));
    }
}

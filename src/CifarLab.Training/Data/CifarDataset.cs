using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>CIFAR-10 train and test splits as CPU tensors, plus the class names.</summary>
public sealed class CifarDataset : IDisposable
{
    private CifarDataset(CifarSplit train, CifarSplit test, IReadOnlyList<string> classNames)
    {
        Train = train;
        Test = test;
        ClassNames = classNames;
    }

    public CifarSplit Train { get; }
    public CifarSplit Test { get; }

    /// <summary>Names in label order, from batches.meta.txt or the standard names when that file is absent.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// Loads a folder holding the six batch files (directly or under cifar-10-batches-bin/).
    /// A limit of 0 loads the whole split; otherwise only its first records are read.
    /// </summary>
    public static CifarDataset Load(string folder, int trainLimit = 0, int testLimit = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var root = CifarLayout.FindDataFolder(folder) ?? Path.GetFullPath(folder);
        // Check every file's size up front so a broken test batch is reported before the slow train read.
        foreach (var file in CifarLayout.BatchFiles)
        {
            CifarLayout.CountRecords(Path.Combine(root, file));
        }
        var names = ClassNameFile.Read(Path.Combine(root, CifarLayout.MetaFile));
        var train = LoadBatches(CifarLayout.TrainFiles.Select(f => Path.Combine(root, f)), trainLimit);
        try
        {
            var test = LoadBatches([Path.Combine(root, CifarLayout.TestFile)], testLimit);
            return new CifarDataset(train, test, names);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Reads batch files in order into one split, stopping after <paramref name="limit"/> records (0 = all).</summary>
    public static CifarSplit LoadBatches(IEnumerable<string> files, int limit = 0)
    {
        ArgumentNullException.ThrowIfNull(files);
        return CifarBatchReader.Read([.. files], limit);
    }

    /// <summary>PNG of one image of a split, enlarged <paramref name="scale"/> times (nearest neighbour).</summary>
    public static byte[] ImagePng(CifarSplit split, int index, int scale = 1) =>
        PngEncoder.EncodeRgbPlanes(ImagePlanes(split, index), CifarLayout.ImageSize, CifarLayout.ImageSize, scale);

    /// <summary>The raw pixels of one image of a split: the red, green and blue planes, as in a batch file record.</summary>
    public static byte[] ImagePlanes(CifarSplit split, int index)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, split.Count);
        using var scope = NewDisposeScope();
        return split.Images[index].cpu().contiguous().bytes.ToArray();
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}

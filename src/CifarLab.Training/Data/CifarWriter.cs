using System.Formats.Tar;
using System.IO.Compression;

namespace CifarLab.Training.Data;

/// <summary>Writes CIFAR-10 binary files, synthetic dataset folders and official-layout archives (fixtures and tests).</summary>
public static class CifarWriter
{
    /// <summary>
    /// Writes one batch file: record i is labels[i] followed by pixels[i*3072 .. (i+1)*3072) (R, G, B planes).
    /// Labels are written as given, out-of-range values included, so tests can build invalid files.
    /// </summary>
    public static void WriteBatch(string path, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> pixels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (pixels.Length != labels.Length * CifarLayout.PixelBytes)
        {
            throw new ArgumentException(
                $"{labels.Length} labels need {labels.Length * CifarLayout.PixelBytes} pixel bytes; got {pixels.Length}.", nameof(pixels));
        }
        var record = new byte[CifarLayout.RecordBytes];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        for (var i = 0; i < labels.Length; i++)
        {
            record[0] = labels[i];
            pixels.Slice(i * CifarLayout.PixelBytes, CifarLayout.PixelBytes).CopyTo(record.AsSpan(1));
            file.Write(record);
        }
    }

    /// <summary>
    /// Writes a complete dataset folder of learnable synthetic images: data_batch_1..5.bin sharing
    /// <paramref name="trainCount"/> records, test_batch.bin and batches.meta.txt. Same seed, same bytes.
    /// Returns the folder's absolute path.
    /// </summary>
    public static string WriteSynthetic(string folder, int trainCount, int testCount, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        // Every batch file must hold at least one record (the loader rejects empty files).
        ArgumentOutOfRangeException.ThrowIfLessThan(trainCount, CifarLayout.TrainFiles.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(testCount, 1);
        Directory.CreateDirectory(folder);
        var rng = new Random(seed);

        var trainLabels = SyntheticImages.BalancedLabels(trainCount, rng);
        var trainPixels = SyntheticImages.Draw(trainLabels, rng);
        var files = CifarLayout.TrainFiles.Count;
        var start = 0;
        for (var i = 0; i < files; i++)
        {
            var n = trainCount / files + (i < trainCount % files ? 1 : 0);
            WriteBatch(Path.Combine(folder, CifarLayout.TrainFiles[i]),
                trainLabels.AsSpan(start, n),
                trainPixels.AsSpan(start * CifarLayout.PixelBytes, n * CifarLayout.PixelBytes));
            start += n;
        }

        var testLabels = SyntheticImages.BalancedLabels(testCount, rng);
        WriteBatch(Path.Combine(folder, CifarLayout.TestFile), testLabels, SyntheticImages.Draw(testLabels, rng));
        ClassNameFile.Write(Path.Combine(folder, CifarLayout.MetaFile), CifarLayout.StandardClassNames);
        return Path.GetFullPath(folder);
    }

    /// <summary>
    /// Packs a dataset folder (files directly inside or under cifar-10-batches-bin/) into a .tar.gz laid out
    /// like the official release: every entry under cifar-10-batches-bin/.
    /// </summary>
    public static void WriteArchive(string folder, string tarGzPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(tarGzPath);
        var root = CifarLayout.FindDataFolder(folder)
            ?? throw new CifarFormatException(folder,
                $"'{folder}' does not hold the CIFAR-10 batch files ({string.Join(", ", CifarLayout.BatchFiles)}).");
        var parent = Path.GetDirectoryName(Path.GetFullPath(tarGzPath));
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        using var file = new FileStream(tarGzPath, FileMode.Create, FileAccess.Write, FileShare.None);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, CifarLayout.FolderName + "/"));
        foreach (var name in CifarLayout.BatchFiles.Append(CifarLayout.MetaFile))
        {
            var path = Path.Combine(root, name);
            if (File.Exists(path))
            {
                tar.WriteEntry(path, $"{CifarLayout.FolderName}/{name}");
            }
        }
    }
}

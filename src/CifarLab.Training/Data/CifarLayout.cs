namespace CifarLab.Training.Data;

/// <summary>File names and record geometry of the official CIFAR-10 binary release.</summary>
public static class CifarLayout
{
    public const int ImageSize = 32;
    public const int Channels = 3;
    public const int PixelBytes = Channels * ImageSize * ImageSize;
    /// <summary>One label byte followed by the red, green and blue planes.</summary>
    public const int RecordBytes = 1 + PixelBytes;
    public const int ClassCount = 10;

    /// <summary>Folder name inside the official archive.</summary>
    public const string FolderName = "cifar-10-batches-bin";
    public const string MetaFile = "batches.meta.txt";
    public const string TestFile = "test_batch.bin";

    public static IReadOnlyList<string> TrainFiles { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>The six batch files every dataset folder must have.</summary>
    public static IReadOnlyList<string> BatchFiles { get; } = [.. TrainFiles, TestFile];

    /// <summary>Class names in label order, as in the official batches.meta.txt.</summary>
    public static IReadOnlyList<string> StandardClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>
    /// The folder under <paramref name="root"/> that holds the six batch files: the root itself or its
    /// cifar-10-batches-bin/ child. Null when neither has all of them.
    /// </summary>
    public static string? FindDataFolder(string root)
    {
        foreach (var candidate in new[] { root, Path.Combine(root, FolderName) })
        {
            if (BatchFiles.All(f => File.Exists(Path.Combine(candidate, f))))
            {
                return Path.GetFullPath(candidate);
            }
        }
        return null;
    }

    /// <summary>
    /// Number of records in a batch file, judged from its size alone (cheap: no read).
    /// Throws <see cref="CifarFormatException"/> when the file is missing, empty or truncated.
    /// </summary>
    public static int CountRecords(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CifarFormatException(path,
                $"CIFAR-10 batch file '{path}' is missing. A dataset folder needs {string.Join(", ", BatchFiles)}.");
        }
        return RecordsInLength(info.Length, $"CIFAR-10 batch file '{path}'", path);
    }

    /// <summary>Record count for a batch of <paramref name="length"/> bytes; <paramref name="what"/> names it in errors.</summary>
    internal static int RecordsInLength(long length, string what, string filePath)
    {
        if (length == 0)
        {
            throw new CifarFormatException(filePath,
                $"{what} is empty (0 bytes); it must hold at least one {RecordBytes}-byte record.");
        }
        if (length % RecordBytes != 0)
        {
            throw new CifarFormatException(filePath,
                $"{what} is {length} bytes, which is not a multiple of the {RecordBytes}-byte record " +
                $"(1 label byte + {PixelBytes} pixel bytes): it is truncated or not a CIFAR-10 binary batch. " +
                "Delete it and prepare the dataset again.");
        }
        if (length / RecordBytes > int.MaxValue)
        {
            throw new CifarFormatException(filePath, $"{what} is too large ({length} bytes).");
        }
        return (int)(length / RecordBytes);
    }

    internal static CifarFormatException LabelOutOfRange(string what, string filePath, long recordIndex, int value) =>
        new(filePath, $"{what}: record {recordIndex} (0-based) has label {value}; labels must be 0..{ClassCount - 1}.");
}

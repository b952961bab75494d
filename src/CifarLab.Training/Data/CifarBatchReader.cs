using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>
/// Reads CIFAR-10 batch files straight into native tensor memory: one bulk read per file, then tensor
/// slicing separates the label column from the pixels (no managed per-record work).
/// </summary>
internal static class CifarBatchReader
{
    public static CifarSplit Read(IReadOnlyList<string> files, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (files.Count == 0)
        {
            throw new ArgumentException("At least one batch file is needed.", nameof(files));
        }

        // Sizes first, so a truncated last file fails before anything is read.
        var counts = files.Select(CifarLayout.CountRecords).ToArray();
        var total = counts.Sum(c => (long)c);
        var take = limit > 0 ? Math.Min(limit, total) : total;

        using var scope = NewDisposeScope();
        var raw = empty([take, CifarLayout.RecordBytes], ScalarType.Byte);
        long row = 0;
        for (var i = 0; i < files.Count && row < take; i++)
        {
            var n = Math.Min(counts[i], take - row);
            var slice = raw.narrow(0, row, n);
            ReadExactly(files[i], slice);
            CheckLabels(files[i], slice.select(1, 0));
            row += n;
        }

        var labels = raw.select(1, 0).to(ScalarType.Int64);
        // The narrowed view is reshapeable without a copy, so force one: the split must not pin the raw buffer.
        var images = raw.narrow(1, 1, CifarLayout.PixelBytes)
            .reshape(take, CifarLayout.Channels, CifarLayout.ImageSize, CifarLayout.ImageSize)
            .contiguous();
        return new CifarSplit(images, labels);
    }

    private static void ReadExactly(string path, Tensor destination)
    {
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            var span = destination.bytes;
            var done = 0;
            while (done < span.Length)
            {
                var read = RandomAccess.Read(handle, span[done..], done);
                if (read == 0)
                {
                    throw new CifarFormatException(path,
                        $"CIFAR-10 batch file '{path}' ended after {done} bytes while {span.Length} were expected; it changed while being read or is truncated.");
                }
                done += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CifarFormatException(path, $"Cannot read CIFAR-10 batch file '{path}': {e.Message}", e);
        }
    }

    private static void CheckLabels(string path, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var bad = labels.ge(CifarLayout.ClassCount);
        if (!bad.any().item<bool>())
        {
            return;
        }
        var index = bad.nonzero()[0, 0].item<long>();
        throw CifarLayout.LabelOutOfRange($"CIFAR-10 batch file '{path}'", path, index, labels[index].item<byte>());
    }
}

using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Data;

public sealed class CifarLoaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Synthetic_folder_loads_with_shapes_balanced_labels_and_names()
    {
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("syn"), trainCount: 53, testCount: 20, seed: 5);
        using var data = CifarDataset.Load(folder);

        Assert.Equal(53, data.Train.Count);
        Assert.Equal(20, data.Test.Count);
        Assert.Equal(new long[] { 53, 3, 32, 32 }, data.Train.Images.shape);
        Assert.Equal(ScalarType.Byte, data.Train.Images.dtype);
        Assert.Equal(ScalarType.Int64, data.Test.Labels.dtype);
        Assert.Equal(new long[] { 20 }, data.Test.Labels.shape);
        Assert.Equal(CifarLayout.StandardClassNames, data.ClassNames);
        using var counts = data.Test.Labels.bincount(null, 10);
        Assert.All(counts.data<long>().ToArray(), c => Assert.Equal(2, c));
        // 53 records over five files: 11, 11, 11, 10, 10.
        Assert.Equal(11 * CifarLayout.RecordBytes, new FileInfo(Path.Combine(folder, "data_batch_1.bin")).Length);
        Assert.Equal(10 * CifarLayout.RecordBytes, new FileInfo(Path.Combine(folder, "data_batch_5.bin")).Length);
    }

    [Fact]
    public void Batches_round_trip_exact_bytes_across_files_and_limits()
    {
        var (labelsA, pixelsA) = Records(4, seed: 1);
        var (labelsB, pixelsB) = Records(3, seed: 2);
        var a = _dir.Combine("a.bin");
        var b = _dir.Combine("b.bin");
        CifarWriter.WriteBatch(a, labelsA, pixelsA);
        CifarWriter.WriteBatch(b, labelsB, pixelsB);

        using var all = CifarDataset.LoadBatches([a, b]);
        Assert.Equal(7, all.Count);
        Assert.Equal([.. labelsA.Select(l => (long)l), .. labelsB.Select(l => (long)l)], all.Labels.data<long>().ToArray());
        Assert.Equal([.. pixelsA, .. pixelsB], all.Images.bytes.ToArray());

        // A limit that ends inside the second file reads only the leading records.
        using var five = CifarDataset.LoadBatches([a, b], limit: 5);
        Assert.Equal(5, five.Count);
        Assert.Equal([.. pixelsA, .. pixelsB.AsSpan(0, CifarLayout.PixelBytes).ToArray()], five.Images.bytes.ToArray());

        // The pixel layout is R, G, B planes of 32x32: channel 1, row 2, column 3 of image 0.
        Assert.Equal(pixelsA[1024 + 2 * 32 + 3], all.Images[0, 1, 2, 3].item<byte>());
    }

    [Fact]
    public void Load_finds_files_under_the_official_subfolder_and_applies_limits()
    {
        var root = _dir.Combine("root");
        CifarWriter.WriteSynthetic(Path.Combine(root, CifarLayout.FolderName), 30, 12, seed: 3);
        using var data = CifarDataset.Load(root, trainLimit: 8, testLimit: 5);
        Assert.Equal(8, data.Train.Count);
        Assert.Equal(5, data.Test.Count);
    }

    [Fact]
    public void Missing_batch_file_is_named()
    {
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("syn"), 10, 5, seed: 1);
        File.Delete(Path.Combine(folder, "data_batch_3.bin"));
        var e = Assert.Throws<CifarFormatException>(() => CifarDataset.Load(folder));
        Assert.EndsWith("data_batch_3.bin", e.FilePath);
        Assert.Contains("data_batch_3.bin", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Truncated_batch_file_reports_its_size_and_the_record_size()
    {
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("syn"), 10, 5, seed: 1);
        var test = Path.Combine(folder, "test_batch.bin");
        var length = new FileInfo(test).Length - 100;
        using (var f = new FileStream(test, FileMode.Open))
        {
            f.SetLength(length);
        }
        var e = Assert.Throws<CifarFormatException>(() => CifarDataset.Load(folder));
        Assert.Equal(test, e.FilePath);
        Assert.Contains($"{length} bytes", e.Message);
        Assert.Contains("3073", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Empty_batch_file_is_rejected()
    {
        var path = _dir.Combine("empty.bin");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<CifarFormatException>(() => CifarDataset.LoadBatches([path]));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Label_out_of_range_names_record_value_and_allowed_range()
    {
        var (labels, pixels) = Records(6, seed: 4);
        labels[4] = 10;
        var path = _dir.Combine("bad.bin");
        CifarWriter.WriteBatch(path, labels, pixels);
        var e = Assert.Throws<CifarFormatException>(() => CifarDataset.LoadBatches([path]));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("record 4", e.Message);
        Assert.Contains("label 10", e.Message);
        Assert.Contains("0..9", e.Message);

        // Records beyond the limit are not read, so they cannot fail the load.
        using var head = CifarDataset.LoadBatches([path], limit: 4);
        Assert.Equal(4, head.Count);
    }

    [Fact]
    public void Class_names_come_from_the_meta_file_which_must_list_ten()
    {
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("syn"), 10, 5, seed: 1);
        var meta = Path.Combine(folder, CifarLayout.MetaFile);
        File.WriteAllText(meta, "\n" + string.Join("\n", Enumerable.Range(0, 10).Select(i => $"class{i} ")) + "\n\n");
        using (var data = CifarDataset.Load(folder))
        {
            Assert.Equal("class0", data.ClassNames[0]);
            Assert.Equal("class9", data.ClassNames[9]);
        }

        File.WriteAllText(meta, "cat\ndog\n");
        var e = Assert.Throws<CifarFormatException>(() => CifarDataset.Load(folder));
        Assert.Contains("2 class names", e.Message);

        File.Delete(meta);
        using var fallback = CifarDataset.Load(folder);
        Assert.Equal(CifarLayout.StandardClassNames, fallback.ClassNames);
    }

    [Fact]
    public void Split_keeps_its_tensors_when_loaded_inside_a_dispose_scope()
    {
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("syn"), 10, 5, seed: 1);
        CifarDataset data;
        using (NewDisposeScope())
        {
            data = CifarDataset.Load(folder);
        }
        using (data)
        {
            Assert.Equal(10, data.Train.Images.shape[0]);
            Assert.InRange(data.Train.Labels.max().item<long>(), 0, 9);
        }
    }

    private static (byte[] Labels, byte[] Pixels) Records(int n, int seed)
    {
        var rng = new Random(seed);
        var labels = Enumerable.Range(0, n).Select(_ => (byte)rng.Next(10)).ToArray();
        var pixels = new byte[n * CifarLayout.PixelBytes];
        rng.NextBytes(pixels);
        return (labels, pixels);
    }
}

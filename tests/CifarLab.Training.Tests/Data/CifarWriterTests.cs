using System.Formats.Tar;
using System.IO.Compression;
using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Data;

public sealed class CifarWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Synthetic_data_is_reproducible_per_seed()
    {
        var a = CifarWriter.WriteSynthetic(_dir.Combine("a"), 20, 10, seed: 7);
        var b = CifarWriter.WriteSynthetic(_dir.Combine("b"), 20, 10, seed: 7);
        var c = CifarWriter.WriteSynthetic(_dir.Combine("c"), 20, 10, seed: 8);
        foreach (var file in CifarLayout.BatchFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        }
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "test_batch.bin")), File.ReadAllBytes(Path.Combine(c, "test_batch.bin")));
        Assert.Throws<ArgumentOutOfRangeException>(() => CifarWriter.WriteSynthetic(_dir.Combine("d"), 4, 10, seed: 1));
    }

    [Fact]
    public void Synthetic_classes_are_separable_by_average_colour()
    {
        // Far weaker than a CNN: if each image's average colour alone separates the classes, a small
        // network (which can compute that with one pooling layer) learns them quickly.
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("syn"), 500, 200, seed: 11);
        using var data = CifarDataset.Load(folder);
        using var scope = NewDisposeScope();
        var train = data.Train.Images.to_type(ScalarType.Float32).mean([2, 3]);
        var test = data.Test.Images.to_type(ScalarType.Float32).mean([2, 3]);
        var means = stack(Enumerable.Range(0, 10).Select(c => train[data.Train.Labels.eq(c)].mean([0])).ToArray());
        var predicted = cdist(test, means).argmin(1);
        var accuracy = predicted.eq(data.Test.Labels).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.95, $"nearest-mean accuracy {accuracy}");
    }

    [Fact]
    public void Archive_uses_the_official_layout()
    {
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("syn"), 10, 5, seed: 1);
        var archive = _dir.Combine("out", "cifar.tar.gz");
        CifarWriter.WriteArchive(folder, archive);

        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            if (entry.Name.EndsWith(".bin", StringComparison.Ordinal))
            {
                Assert.Equal(new FileInfo(Path.Combine(folder, Path.GetFileName(entry.Name))).Length, entry.Length);
            }
        }
        Assert.Equal(
            ["cifar-10-batches-bin/", .. CifarLayout.BatchFiles.Select(f => "cifar-10-batches-bin/" + f), "cifar-10-batches-bin/batches.meta.txt"],
            names);
    }

    [Fact]
    public void Writing_a_batch_checks_the_pixel_count()
    {
        Assert.Throws<ArgumentException>(() => CifarWriter.WriteBatch(_dir.Combine("x.bin"), new byte[2], new byte[3072]));
    }
}

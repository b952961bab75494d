using System.Diagnostics;
using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Data;

/// <summary>The real offline CIFAR-10 archive from shared/, end to end.</summary>
public sealed class SharedArchiveTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ITestOutputHelper _output;

    public SharedArchiveTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Shared_archive_prepares_and_loads_the_full_dataset()
    {
        var options = new DatasetOptions { Source = SharedDataset.ArchivePath(), CacheDirectory = _dir.Combine("cache") };
        var manager = new DatasetManager();
        var clock = Stopwatch.StartNew();
        var folder = manager.EnsureReady(options); // default MD5 policy: the offline copy's checksum is a known one
        _output.WriteLine($"verify + extract: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(DatasetState.Ready, manager.Probe(options).State);

        clock.Restart();
        using var data = CifarDataset.Load(folder);
        _output.WriteLine($"load 60000 images: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(50000, data.Train.Count);
        Assert.Equal(10000, data.Test.Count);
        Assert.Equal(CifarLayout.StandardClassNames, data.ClassNames);
        using var scope = NewDisposeScope();
        var trainCounts = data.Train.Labels.bincount(null, 10).data<long>().ToArray();
        var testCounts = data.Test.Labels.bincount(null, 10).data<long>().ToArray();
        Assert.Equal(10, trainCounts.Length);
        Assert.All(trainCounts, c => Assert.InRange(c, 4900, 5100));
        Assert.All(testCounts, c => Assert.InRange(c, 980, 1020));

        // Per-channel mean and std over the training set, against the published statistics.
        var pixels = data.Train.Images.to_type(ScalarType.Float32).div_(255.0);
        var mean = pixels.mean([0, 2, 3]).data<float>().ToArray();
        var std = pixels.std([0, 2, 3]).data<float>().ToArray();
        _output.WriteLine($"mean {string.Join(", ", mean)}; std {string.Join(", ", std)}");
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(CifarStats.Mean[c], mean[c], 0.01);
            Assert.Equal(CifarStats.Std[c], std[c], 0.01);
        }
    }
}

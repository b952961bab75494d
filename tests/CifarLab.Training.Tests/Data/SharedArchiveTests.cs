using System.Diagnostics;
using System.Security.Cryptography;
using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Data;

/// <summary>The shared archive extracted once for the tests of a class (it takes a few seconds).</summary>
public sealed class SharedExtraction : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Lazy<(PreparedDataset Prepared, long Milliseconds)> _prepared;

    public SharedExtraction()
    {
        _prepared = new(() =>
        {
            var clock = Stopwatch.StartNew();
            var prepared = new DatasetManager().Prepare(Options);
            return (prepared, clock.ElapsedMilliseconds);
        });
    }

    /// <summary>The defaults (no archive MD5, no unofficial data) on the shared archive.</summary>
    public DatasetOptions Options => new() { Source = SharedDataset.ArchivePath(), CacheDirectory = Path.Combine(_dir.Path, "cache") };

    public PreparedDataset Prepared => _prepared.Value.Prepared;

    public long PrepareMilliseconds => _prepared.Value.Milliseconds;

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// The real offline CIFAR-10 archive from shared/, end to end. It holds the official files in a wrapper of its own
/// (a different archive MD5), which is what these tests are about: data is official by its files.
/// </summary>
public sealed class SharedArchiveTests : IClassFixture<SharedExtraction>, IDisposable
{
    private readonly SharedExtraction _shared;
    private readonly ITestOutputHelper _output;
    private readonly TempDir _dir = new();
    private readonly DatasetManager _manager = new();

    public SharedArchiveTests(SharedExtraction shared, ITestOutputHelper output)
    {
        _shared = shared;
        _output = output;
    }

    public void Dispose() => _dir.Dispose();

    private DatasetOptions Strict(string source) => new() { Source = source, CacheDirectory = _dir.Combine("cache") };

    [SharedArchiveFact]
    public void Shared_archive_is_official_by_its_files_and_loads_the_full_dataset()
    {
        var prepared = _shared.Prepared;
        _output.WriteLine($"verify + extract: {_shared.PrepareMilliseconds} ms");
        Assert.NotEqual(OfficialChecksums.ArchiveMd5, FileMd5(_shared.Options.Source)); // not the official wrapper
        Assert.True(prepared.Provenance.Official);
        Assert.Equal(OfficialChecksums.BatchSha256[CifarLayout.TestFile], prepared.Provenance.TestSha256);
        var status = _manager.Probe(_shared.Options);
        Assert.Equal((DatasetState.Ready, (bool?)true), (status.State, status.Official));

        var clock = Stopwatch.StartNew();
        using var data = CifarDataset.Load(prepared.Folder);
        _output.WriteLine($"load 60000 images: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(50000, data.Train.Count);
        Assert.Equal(10000, data.Test.Count);
        Assert.Equal(CifarLayout.StandardClassNames, data.ClassNames);
        using var scope = NewDisposeScope();
        var trainCounts = data.Train.Labels.bincount(null, 10).data<long>().ToArray();
        var testCounts = data.Test.Labels.bincount(null, 10).data<long>().ToArray();
        // The official release is exactly balanced.
        Assert.All(trainCounts, c => Assert.Equal(5000, c));
        Assert.All(testCounts, c => Assert.Equal(1000, c));

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

    [SharedArchiveFact]
    public void Official_files_in_yet_another_wrapper_and_as_a_folder_are_official()
    {
        // Packed again here (ustar, fastest gzip): a third archive MD5, the same six files.
        var repacked = _dir.Combine("repacked.tar.gz");
        CifarWriter.WriteArchive(_shared.Prepared.Folder, repacked);
        var md5 = FileMd5(repacked);
        Assert.NotEqual(OfficialChecksums.ArchiveMd5, md5);
        Assert.NotEqual(FileMd5(_shared.Options.Source), md5);

        var fromArchive = _manager.Prepare(Strict(repacked));
        Assert.True(fromArchive.Provenance.Official);
        Assert.Equal(repacked, fromArchive.Provenance.Source);

        var folder = _manager.Prepare(Strict(_shared.Prepared.Folder));
        Assert.True(folder.Provenance.Official);
        Assert.Equal(_shared.Prepared.Folder, folder.Folder);
        var status = _manager.Probe(Strict(_shared.Prepared.Folder));
        Assert.Equal((DatasetState.Ready, (bool?)true), (status.State, status.Official));
        Assert.Contains("official", status.Message);
    }

    [SharedArchiveFact]
    public void A_folder_of_official_files_with_one_altered_byte_is_refused_naming_the_file_and_both_checksums()
    {
        var folder = _dir.Combine("altered");
        Directory.CreateDirectory(folder);
        foreach (var name in CifarLayout.BatchFiles.Append(CifarLayout.MetaFile))
        {
            File.Copy(Path.Combine(_shared.Prepared.Folder, name), Path.Combine(folder, name));
        }
        Assert.True(_manager.Prepare(Strict(folder)).Provenance.Official);

        // One pixel byte of one image, as a careless conversion might leave it; size unchanged.
        var altered = Path.Combine(folder, "data_batch_3.bin");
        Thread.Sleep(50); // a write time of its own, whatever the file system's clock granularity
        using (var file = new FileStream(altered, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 12_345;
            var b = file.ReadByte();
            file.Position = 12_345;
            file.WriteByte((byte)(b ^ 0x01));
        }
        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(altered)));

        var e = Assert.Throws<CifarFormatException>(() => _manager.Prepare(Strict(folder)));
        _output.WriteLine(e.Message);
        Assert.Equal(altered, e.FilePath);
        Assert.Contains("data_batch_3.bin", e.Message);
        Assert.Contains(OfficialChecksums.BatchSha256["data_batch_3.bin"], e.Message);
        Assert.Contains(actual, e.Message);
        Assert.DoesNotContain("differ too", e.Message); // the five intact files are not blamed
        Assert.Contains(DatasetOptions.AllowUnofficialSetting, e.Message);
        var status = _manager.Probe(Strict(folder));
        Assert.Equal(DatasetState.Invalid, status.State);
        Assert.Contains(actual, status.Message);

        // Allowed explicitly, the same folder trains, labelled unofficial.
        var allowed = _manager.Prepare(Strict(folder) with { AllowUnofficial = true });
        Assert.False(allowed.Provenance.Official);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "Compares archive wrappers by the MD5 the publisher uses.")]
    private static string FileMd5(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}

using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;

namespace CifarLab.Training.Tests.Data;

/// <summary>Downloads through a real HTTP server on 127.0.0.1 (of generated, hence unofficial, archives).</summary>
public sealed class DatasetDownloadTests : IDisposable
{
    private const string FileName = "cifar-10-binary.tar.gz";
    private readonly TempDir _dir = new();
    private readonly DatasetManager _manager = new();
    private readonly byte[] _archive;
    private readonly string _md5;

    public DatasetDownloadTests()
    {
        var path = ArchiveFixtures.SyntheticArchive(_dir.Path, train: 300, test: 50);
        _archive = File.ReadAllBytes(path);
        _md5 = ArchiveFixtures.Md5(path);
        Assert.InRange(_archive.Length, 500_000, 2_000_000); // the pacing below assumes about a megabyte
    }

    public void Dispose() => _dir.Dispose();

    private string Cache => _dir.Combine("cache");

    private DatasetOptions Options(LoopbackHttpServer server, string? md5, int timeout = 30) =>
        new() { Source = server.Url(FileName).ToString(), CacheDirectory = Cache, Md5 = md5, TimeoutSeconds = timeout, AllowUnofficial = true };

    [Fact]
    public void Download_streams_reports_progress_verifies_and_extracts()
    {
        using var server = LoopbackHttpServer.Serving(_archive, chunk: 16 * 1024, delay: TimeSpan.FromMilliseconds(20));
        var progress = new RecordingProgress<DownloadProgress>();
        var folder = _manager.EnsureReady(Options(server, _md5), progress);

        using (var data = CifarDataset.Load(folder))
        {
            Assert.Equal(300, data.Train.Count);
        }
        var downloads = progress.Items.Where(p => p.Stage == DownloadProgress.Download).ToList();
        Assert.True(downloads.Count >= 3, $"{downloads.Count} download reports");
        Assert.All(downloads, p => Assert.Equal(_archive.Length, p.BytesTotal));
        Assert.Equal(0, downloads[0].BytesDone);
        Assert.Equal(_archive.Length, downloads[^1].BytesDone);
        Assert.True(downloads.Zip(downloads.Skip(1)).All(pair => pair.First.BytesDone <= pair.Second.BytesDone));
        // Throttled: far fewer reports than the 16 KiB chunks sent.
        Assert.True(downloads.Count < _archive.Length / (16 * 1024), $"{downloads.Count} reports");
        Assert.Contains(progress.Items, p => p.Stage == DownloadProgress.Verify);
        Assert.Contains(progress.Items, p => p.Stage == DownloadProgress.Extract);

        Assert.Equal(_archive, File.ReadAllBytes(Path.Combine(Cache, FileName)));
        Assert.False(File.Exists(Path.Combine(Cache, FileName + ".part")));
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public void Ready_cache_makes_no_request_and_a_kept_archive_is_reused()
    {
        using var server = LoopbackHttpServer.Serving(_archive);
        var folder = _manager.EnsureReady(Options(server, _md5));
        Assert.Equal(DatasetState.Ready, _manager.Probe(Options(server, _md5)).State);
        Assert.Equal(folder, _manager.EnsureReady(Options(server, _md5)));
        Assert.Equal(1, server.RequestCount);

        Directory.Delete(folder, recursive: true);
        var status = _manager.Probe(Options(server, _md5));
        Assert.Equal(DatasetState.NotDownloaded, status.State);
        Assert.Contains("is present", status.Message);
        Assert.Equal(folder, _manager.EnsureReady(Options(server, _md5)));
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public void Http_error_names_status_and_url_and_leaves_nothing()
    {
        using var server = new LoopbackHttpServer(ctx => LoopbackHttpServer.StatusAsync(ctx, 404));
        var options = Options(server, _md5);
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(options));
        Assert.Contains("HTTP 404", e.Message);
        Assert.Contains(options.Source, e.Message);
        Assert.Equal(options.Source, e.FilePath);
        AssertNothingDownloaded();
    }

    [Fact]
    public void Checksum_mismatch_discards_the_download()
    {
        using var server = LoopbackHttpServer.Serving(_archive);
        var expected = new string('0', 32);
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(server, md5: expected)));
        Assert.Contains("Checksum mismatch", e.Message);
        Assert.Contains(_md5, e.Message);
        Assert.Contains(expected, e.Message);
        AssertNothingDownloaded();
    }

    [Fact]
    public void Without_an_md5_a_mirror_download_is_judged_by_its_files()
    {
        // Only the official URL has a known archive MD5; from anywhere else the files inside decide.
        using var server = LoopbackHttpServer.Serving(_archive);
        var refused = Options(server, md5: null) with { AllowUnofficial = false };
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(refused));
        Assert.Contains("Checksum mismatch", e.Message);
        Assert.Contains("data_batch_1.bin", e.Message);
        Assert.Contains(OfficialChecksums.BatchSha256["data_batch_1.bin"], e.Message);
        Assert.False(Directory.Exists(Path.Combine(Cache, CifarLayout.FolderName)));
        Assert.Equal(DatasetState.Invalid, _manager.Probe(refused).State);

        // The archive was sound, so it stays: allowing unofficial data needs no second download.
        var prepared = _manager.Prepare(Options(server, md5: null));
        Assert.False(prepared.Provenance.Official);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public void Connection_cut_mid_body_fails_without_a_partial_archive()
    {
        using var server = LoopbackHttpServer.Serving(_archive, chunk: 8 * 1024, abortAfter: _archive.Length / 2);
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(server, _md5)));
        Assert.Contains("Download of", e.Message);
        AssertNothingDownloaded();
    }

    [Fact]
    public void Stalled_server_hits_the_timeout()
    {
        using var server = LoopbackHttpServer.Serving(_archive, chunk: 8 * 1024, stallAfterFirstChunk: TimeSpan.FromSeconds(4));
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(server, _md5, timeout: 1)));
        Assert.Contains("stalled", e.Message);
        Assert.Contains("1 s", e.Message);
        AssertNothingDownloaded();
    }

    [Fact]
    public void Cancelling_mid_download_throws_and_leaves_no_part_file()
    {
        using var server = LoopbackHttpServer.Serving(_archive, chunk: 4 * 1024, delay: TimeSpan.FromMilliseconds(10));
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress<DownloadProgress>(p =>
        {
            if (p.Stage == DownloadProgress.Download && p.BytesDone > 0)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => _manager.EnsureReady(Options(server, _md5), progress, cts.Token));
        AssertNothingDownloaded();

        // A fresh attempt afterwards completes normally (from a server without the slow pacing).
        using var fast = LoopbackHttpServer.Serving(_archive);
        var folder = _manager.EnsureReady(Options(fast, _md5));
        Assert.True(File.Exists(Path.Combine(folder, "test_batch.bin")));
    }

    private void AssertNothingDownloaded()
    {
        Assert.False(File.Exists(Path.Combine(Cache, FileName)));
        Assert.False(File.Exists(Path.Combine(Cache, FileName + ".part")));
        Assert.False(Directory.Exists(Path.Combine(Cache, CifarLayout.FolderName)));
    }
}

using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;

namespace CifarLab.Training.Tests.Data;

/// <summary>
/// EnsureReady and Probe with local archives and folders as the source. The archives here hold generated data,
/// so they are unofficial and most tests allow that (<see cref="DatasetOptions.AllowUnofficial"/>).
/// </summary>
public sealed class DatasetManagerArchiveTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly DatasetManager _manager = new();

    public void Dispose() => _dir.Dispose();

    private DatasetOptions Options(string source, string? md5 = DatasetOptions.SkipChecksum, bool allowUnofficial = true) =>
        new() { Source = source, CacheDirectory = _dir.Combine("cache"), Md5 = md5, AllowUnofficial = allowUnofficial };

    [Fact]
    public void Archive_is_verified_extracted_and_loadable()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path, train: 25, test: 10);
        var progress = new RecordingProgress<DownloadProgress>();
        var folder = _manager.EnsureReady(Options(archive, ArchiveFixtures.Md5(archive)), progress);

        Assert.Equal(Path.Combine(_dir.Combine("cache"), CifarLayout.FolderName), folder);
        Assert.True(Path.IsPathRooted(folder));
        foreach (var file in CifarLayout.BatchFiles.Append(CifarLayout.MetaFile))
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }
        using (var data = CifarDataset.Load(folder))
        {
            Assert.Equal(25, data.Train.Count);
            Assert.Equal(10, data.Test.Count);
        }
        var stages = progress.Items.Select(p => p.Stage).Distinct().ToList();
        Assert.Equal([DownloadProgress.Verify, DownloadProgress.Extract], stages);
        var last = progress.Items[^1];
        Assert.Equal(new FileInfo(archive).Length, last.BytesDone);
        Assert.Equal(last.BytesDone, last.BytesTotal);
        Assert.Equal(DatasetState.Ready, _manager.Probe(Options(archive)).State);
        Assert.DoesNotContain(Directory.EnumerateDirectories(_dir.Combine("cache")), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void Second_call_is_a_cache_hit_that_does_not_read_the_archive()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path);
        var folder = _manager.EnsureReady(Options(archive));
        var written = File.GetLastWriteTimeUtc(Path.Combine(folder, "data_batch_1.bin"));

        var progress = new RecordingProgress<DownloadProgress>();
        // An exclusive lock on the archive makes any attempt to open it fail.
        using (new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.None))
        {
            Assert.Equal(folder, _manager.EnsureReady(Options(archive), progress));
        }
        Assert.Empty(progress.Items);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folder, "data_batch_1.bin")));
    }

    [Fact]
    public void Damaged_cache_or_changed_archive_is_extracted_again()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path, train: 25, test: 10, seed: 1);
        var folder = _manager.EnsureReady(Options(archive));

        File.Delete(Path.Combine(folder, "data_batch_2.bin"));
        var status = _manager.Probe(Options(archive));
        Assert.Equal(DatasetState.NotDownloaded, status.State);
        Assert.Contains("data_batch_2.bin is missing", status.Message);
        _manager.EnsureReady(Options(archive));
        Assert.True(File.Exists(Path.Combine(folder, "data_batch_2.bin")));

        // Same path, new content (different size): the marker no longer matches, so it is redone.
        ArchiveFixtures.SyntheticArchive(_dir.Path, train: 30, test: 10, seed: 1);
        Assert.Contains("changed", _manager.Probe(Options(archive)).Message);
        _manager.EnsureReady(Options(archive));
        using var data = CifarDataset.Load(folder);
        Assert.Equal(30, data.Train.Count);
    }

    [Fact]
    public void Archive_md5_mismatch_names_expected_and_actual_and_extracts_nothing()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path);
        var actual = ArchiveFixtures.Md5(archive);
        var wrong = new string('0', 32);

        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(archive, wrong)));
        Assert.Equal(archive, e.FilePath);
        Assert.Contains(wrong, e.Message);
        Assert.Contains(actual, e.Message);
        Assert.Contains("skip", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir.Combine("cache"), CifarLayout.FolderName)));
        // Remembered, so the home page and /health report it instead of "not extracted yet".
        var probed = _manager.Probe(Options(archive, wrong));
        Assert.Equal(DatasetState.Invalid, probed.State);
        Assert.Contains(actual, probed.Message);
        // Other settings are another question: the remembered failure does not apply to them.
        Assert.Equal(DatasetState.NotDownloaded, _manager.Probe(Options(archive, actual)).State);

        Assert.Throws<ArgumentException>(() => _manager.EnsureReady(Options(archive, "not-hex")));
        Assert.Equal(DatasetState.Invalid, _manager.Probe(Options(archive, "not-hex")).State);
    }

    [Fact]
    public void Unofficial_archive_is_refused_without_the_setting_naming_file_and_both_checksums()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path, seed: 5);
        var generated = Path.Combine(_dir.Path, "src-5", "data_batch_1.bin");
        var actual = Sha256(generated);

        // No MD5 configured: a local archive's wrapper is not checked, its files are.
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(archive, md5: null, allowUnofficial: false)));
        Assert.Equal(archive, e.FilePath);
        Assert.Contains("Checksum mismatch", e.Message);
        Assert.Contains("data_batch_1.bin", e.Message);
        Assert.Contains(OfficialChecksums.BatchSha256["data_batch_1.bin"], e.Message);
        Assert.Contains(actual, e.Message);
        Assert.Contains(DatasetOptions.AllowUnofficialSetting + "=true", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir.Combine("cache"), CifarLayout.FolderName)));
        Assert.Equal(DatasetState.Invalid, _manager.Probe(Options(archive, md5: null, allowUnofficial: false)).State);

        // With the setting the same archive is prepared, and said to be unofficial.
        var allowed = Options(archive, md5: null);
        Assert.Equal(DatasetState.NotDownloaded, _manager.Probe(allowed).State);
        var prepared = _manager.Prepare(allowed);
        Assert.False(prepared.Provenance.Official);
        Assert.Equal(DatasetProvenance.UnofficialLabel, prepared.Provenance.Label);
        Assert.Equal(archive, prepared.Provenance.Source);
        var status = _manager.Probe(allowed);
        Assert.Equal((DatasetState.Ready, false), (status.State, status.Official));
        Assert.Contains("Unofficial data", status.Message);

        // Turning the setting off again refuses the extraction already there, without extracting anew.
        var refused = _manager.Probe(Options(archive, md5: null, allowUnofficial: false));
        Assert.Equal(DatasetState.Invalid, refused.State);
        Assert.Contains(actual, refused.Message);
        Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(archive, md5: null, allowUnofficial: false)));
    }

    [Fact]
    public void Corrupt_and_truncated_gzip_are_reported_and_leave_no_folder()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path, train: 200, test: 50);
        var bytes = File.ReadAllBytes(archive);

        // Damage in the middle of the deflate data is caught by whichever check meets it first
        // (tar header, label byte or the gzip CRC); any of them must stop the extraction.
        var flipped = _dir.Combine("flipped.tar.gz");
        var damaged = (byte[])bytes.Clone();
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 64; i++)
        {
            damaged[i] ^= 0x5A;
        }
        File.WriteAllBytes(flipped, damaged);
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(flipped)));
        Assert.Equal(flipped, e.FilePath);

        // A wrong CRC-32 in the gzip trailer is only visible if the stream is read to its end.
        var badCrc = _dir.Combine("crc.tar.gz");
        damaged = (byte[])bytes.Clone();
        damaged[^8] ^= 0xFF;
        File.WriteAllBytes(badCrc, damaged);
        var crc = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(badCrc)));
        Assert.Equal(badCrc, crc.FilePath);
        Assert.Contains("corrupt", crc.Message);

        var cut = _dir.Combine("cut.tar.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var t = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(cut)));
        Assert.Contains("truncated", t.Message);

        var notGzip = _dir.Combine("plain.tar.gz");
        File.WriteAllText(notGzip, "this is not a gzip file");
        Assert.Contains("corrupt", Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(notGzip))).Message);

        var cache = _dir.Combine("cache");
        Assert.False(Directory.Exists(Path.Combine(cache, CifarLayout.FolderName)));
        // Only the lock and the record of the last failure, which a probe reports.
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(cache),
            p => !p.EndsWith(".lock", StringComparison.Ordinal) && Path.GetFileName(p) != SourceRejection.FileName);
        var status = _manager.Probe(Options(notGzip));
        Assert.Equal(DatasetState.Invalid, status.State);
        Assert.Contains("corrupt", status.Message);
    }

    [Theory]
    [InlineData("../evil.bin")]
    [InlineData("cifar-10-batches-bin/../../evil.bin")]
    [InlineData("/tmp/cifarlab-evil.bin")]
    [InlineData("..\\evil.bin")]
    public void Entries_that_escape_are_rejected(string name)
    {
        var entries = ArchiveFixtures.ValidEntries();
        entries.Insert(1, new ArchiveFixtures.Entry(name, "owned"u8.ToArray()));
        var archive = _dir.Combine("evil.tar.gz");
        ArchiveFixtures.Write(archive, entries);

        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(archive)));
        Assert.Contains("unsafe entry", e.Message);
        Assert.Contains(name, e.Message);
        Assert.False(File.Exists(_dir.Combine("evil.bin")));
        Assert.False(File.Exists("/tmp/cifarlab-evil.bin"));
        Assert.False(Directory.Exists(Path.Combine(_dir.Combine("cache"), CifarLayout.FolderName)));
    }

    [Theory]
    [InlineData(System.Formats.Tar.TarEntryType.SymbolicLink, "cifar-10-batches-bin/passwd", "../../../etc/passwd")]
    [InlineData(System.Formats.Tar.TarEntryType.SymbolicLink, "cifar-10-batches-bin/abs", "/etc/passwd")]
    [InlineData(System.Formats.Tar.TarEntryType.HardLink, "cifar-10-batches-bin/hard", "../outside")]
    public void Links_that_point_outside_are_rejected(System.Formats.Tar.TarEntryType type, string name, string target)
    {
        var entries = ArchiveFixtures.ValidEntries();
        entries.Insert(0, new ArchiveFixtures.Entry(name, Type: type, LinkName: target));
        var archive = _dir.Combine("links.tar.gz");
        ArchiveFixtures.Write(archive, entries);

        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(archive)));
        Assert.Contains("points outside", e.Message);
    }

    [Fact]
    public void Harmless_extras_are_ignored_and_missing_meta_gets_standard_names()
    {
        var entries = ArchiveFixtures.ValidEntries(recordsPerFile: 3)
            .Where(e => !e.Name.EndsWith(CifarLayout.MetaFile, StringComparison.Ordinal)).ToList();
        entries.Add(new ArchiveFixtures.Entry("cifar-10-batches-bin/readme.html", "<html/>"u8.ToArray()));
        entries.Add(new ArchiveFixtures.Entry("cifar-10-batches-bin/inner-link", Type: System.Formats.Tar.TarEntryType.SymbolicLink, LinkName: "readme.html"));
        entries.Add(new ArchiveFixtures.Entry("other/data_batch_1.bin", new byte[5]));
        var archive = _dir.Combine("extras.tar.gz");
        ArchiveFixtures.Write(archive, entries);

        var folder = _manager.EnsureReady(Options(archive));
        Assert.False(File.Exists(Path.Combine(folder, "readme.html")));
        Assert.False(File.Exists(Path.Combine(folder, "inner-link")));
        Assert.Equal(CifarLayout.StandardClassNames, File.ReadAllLines(Path.Combine(folder, CifarLayout.MetaFile)).Where(l => l.Length > 0));
        using var data = CifarDataset.Load(folder);
        Assert.Equal(15, data.Train.Count);
    }

    [Fact]
    public void Archive_missing_a_batch_or_holding_a_bad_label_is_rejected()
    {
        var missing = ArchiveFixtures.ValidEntries().Where(e => !e.Name.EndsWith("test_batch.bin", StringComparison.Ordinal));
        var archive = _dir.Combine("missing.tar.gz");
        ArchiveFixtures.Write(archive, missing);
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(archive)));
        Assert.Contains("lacks test_batch.bin", e.Message);

        var badLabel = _dir.Combine("label.tar.gz");
        ArchiveFixtures.Write(badLabel, ArchiveFixtures.ValidEntries(label: 10));
        var l = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(badLabel)));
        Assert.Contains("data_batch_1.bin", l.Message);
        Assert.Contains("record 0", l.Message);
        Assert.Contains("label 10", l.Message);

        var truncatedEntry = ArchiveFixtures.ValidEntries();
        truncatedEntry[2] = truncatedEntry[2] with { Data = new byte[CifarLayout.RecordBytes + 7] };
        var odd = _dir.Combine("odd.tar.gz");
        ArchiveFixtures.Write(odd, truncatedEntry);
        var o = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(odd)));
        Assert.Contains("data_batch_3.bin", o.Message);
        Assert.Contains("3080 bytes", o.Message);
    }

    [Fact]
    public void Cancel_during_extraction_leaves_no_folder_and_the_next_call_succeeds()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path, train: 2000, test: 100);
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress<DownloadProgress>(p =>
        {
            if (p.Stage == DownloadProgress.Extract)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => _manager.EnsureReady(Options(archive), progress, cts.Token));
        var cache = _dir.Combine("cache");
        Assert.False(Directory.Exists(Path.Combine(cache, CifarLayout.FolderName)));
        Assert.Empty(Directory.EnumerateDirectories(cache));

        var folder = _manager.EnsureReady(Options(archive));
        using var data = CifarDataset.Load(folder);
        Assert.Equal(2000, data.Train.Count);
    }

    [Fact]
    public void Half_written_folder_without_marker_is_not_trusted_and_leftovers_are_cleared()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path);
        var cache = _dir.Combine("cache");
        // What a crash of some other tool might leave: the right folder name, files, but no marker.
        var target = Path.Combine(cache, CifarLayout.FolderName);
        CifarWriter.WriteSynthetic(target, 5, 1, seed: 99);
        Directory.CreateDirectory(Path.Combine(cache, ".extract-leftover"));
        File.WriteAllText(Path.Combine(cache, "x.tar.gz.part"), "partial");

        Assert.Equal(DatasetState.NotDownloaded, _manager.Probe(Options(archive)).State);
        var folder = _manager.EnsureReady(Options(archive));
        using var data = CifarDataset.Load(folder);
        Assert.Equal(25, data.Train.Count);
        Assert.False(Directory.Exists(Path.Combine(cache, ".extract-leftover")));
        Assert.False(File.Exists(Path.Combine(cache, "x.tar.gz.part")));
    }

    [Fact]
    public void Moved_archive_with_the_same_content_reuses_the_extraction()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path);
        var folder = _manager.EnsureReady(Options(archive));
        var written = File.GetLastWriteTimeUtc(Path.Combine(folder, "test_batch.bin"));
        var moved = _dir.Combine("moved.tar.gz");
        File.Move(archive, moved);

        var progress = new RecordingProgress<DownloadProgress>();
        Assert.Equal(folder, _manager.EnsureReady(Options(moved), progress));
        Assert.DoesNotContain(progress.Items, p => p.Stage == DownloadProgress.Extract);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folder, "test_batch.bin")));
        Assert.Equal(DatasetState.Ready, _manager.Probe(Options(moved)).State);
    }

    [Fact]
    public void Folder_sources_are_checked_and_returned_in_place()
    {
        var direct = CifarWriter.WriteSynthetic(_dir.Combine("direct"), 10, 5, seed: 1);
        Assert.Equal(direct, _manager.EnsureReady(Options(direct)));
        var status = _manager.Probe(Options(direct));
        Assert.Equal(DatasetState.Ready, status.State);
        Assert.Contains("10 training and 5 test images", status.Message);

        var nested = _dir.Combine("nested");
        CifarWriter.WriteSynthetic(Path.Combine(nested, CifarLayout.FolderName), 10, 5, seed: 1);
        Assert.Equal(Path.Combine(nested, CifarLayout.FolderName), _manager.EnsureReady(Options(nested)));
        // The cache only keeps the folders' checksums: nothing is copied or extracted.
        Assert.False(Directory.Exists(Path.Combine(_dir.Combine("cache"), CifarLayout.FolderName)));

        File.Delete(Path.Combine(direct, "data_batch_4.bin"));
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(direct)));
        Assert.Contains("data_batch_4.bin", e.Message);
        var invalid = _manager.Probe(Options(direct));
        Assert.Equal(DatasetState.Invalid, invalid.State);
        Assert.Contains("data_batch_4.bin", invalid.Message);
    }

    [Fact]
    public void Unofficial_folder_is_refused_without_the_setting_and_labelled_with_it()
    {
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("generated"), 10, 5, seed: 3);
        var first = Path.Combine(folder, "data_batch_1.bin");

        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(folder, allowUnofficial: false)));
        Assert.Equal(first, e.FilePath);
        Assert.Contains($"data_batch_1.bin in '{folder}'", e.Message);
        Assert.Contains(OfficialChecksums.BatchSha256["data_batch_1.bin"], e.Message);
        Assert.Contains(Sha256(first), e.Message);
        Assert.Contains("test_batch.bin", e.Message); // the other files that differ are named too
        Assert.Contains(DatasetOptions.AllowUnofficialFlag, e.Message);
        var refused = _manager.Probe(Options(folder, allowUnofficial: false));
        Assert.Equal((DatasetState.Invalid, (bool?)null), (refused.State, refused.Official));
        Assert.Contains("Checksum mismatch", refused.Message);

        var prepared = _manager.Prepare(Options(folder));
        Assert.Equal(folder, prepared.Folder);
        Assert.Equal(new DatasetProvenance(false, folder, Sha256(Path.Combine(folder, CifarLayout.TestFile))), prepared.Provenance);
        var status = _manager.Probe(Options(folder));
        Assert.Equal((DatasetState.Ready, (bool?)false), (status.State, status.Official));
        Assert.Contains(DatasetProvenance.UnofficialLabel, status.Message);
    }

    [Fact]
    public void A_verified_folder_is_hashed_again_only_after_it_changes()
    {
        var folder = CifarWriter.WriteSynthetic(_dir.Combine("generated"), 10, 5, seed: 4);
        var first = new RecordingProgress<DownloadProgress>();
        var before = _manager.Prepare(Options(folder), first);
        Assert.Contains(first.Items, p => p.Stage == DownloadProgress.Verify);

        // The verdict is kept in the cache, keyed by size and write time: no file is read again.
        var again = new RecordingProgress<DownloadProgress>();
        Assert.Equal(before, _manager.Prepare(Options(folder), again));
        Assert.Empty(again.Items);

        // Same size, one byte different: the new write time makes it hashed again.
        Thread.Sleep(50);
        var test = Path.Combine(folder, CifarLayout.TestFile);
        var bytes = File.ReadAllBytes(test);
        bytes[100] ^= 1;
        File.WriteAllBytes(test, bytes);
        var changed = new RecordingProgress<DownloadProgress>();
        var after = _manager.Prepare(Options(folder), changed);
        Assert.Contains(changed.Items, p => p.Stage == DownloadProgress.Verify);
        Assert.Equal(Sha256(test), after.Provenance.TestSha256);
        Assert.NotEqual(before.Provenance.TestSha256, after.Provenance.TestSha256);
    }

    [Fact]
    public void Verdicts_of_folders_that_are_gone_do_not_pile_up_in_the_cache()
    {
        var records = () => Directory.GetFiles(_dir.Combine("cache"), ".cifarlab-folder-*.json").Length;
        var first = CifarWriter.WriteSynthetic(_dir.Combine("first"), 10, 5, seed: 1);
        _manager.Prepare(Options(first));
        _manager.Prepare(Options(CifarWriter.WriteSynthetic(_dir.Combine("second"), 10, 5, seed: 2)));
        Assert.Equal(2, records());

        Directory.Delete(first, recursive: true);
        _manager.Prepare(Options(CifarWriter.WriteSynthetic(_dir.Combine("third"), 10, 5, seed: 3)));
        Assert.Equal(2, records());
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Missing_source_says_what_is_accepted()
    {
        var nowhere = _dir.Combine("nope.tar.gz");
        var e = Assert.Throws<CifarFormatException>(() => _manager.EnsureReady(Options(nowhere)));
        Assert.Equal(nowhere, e.FilePath);
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("http(s) URL", e.Message);
        var status = _manager.Probe(Options(nowhere));
        Assert.Equal(DatasetState.Invalid, status.State);
        Assert.Null(status.Folder);
    }

    [Fact]
    public void Probe_of_an_unextracted_archive_or_url_says_what_preparing_will_do()
    {
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path);
        var status = _manager.Probe(Options(archive));
        Assert.Equal(DatasetState.NotDownloaded, status.State);
        Assert.Contains("extracts it", status.Message);

        var url = _manager.Probe(Options(DatasetOptions.OfficialUrl, md5: null, allowUnofficial: false));
        Assert.Equal(DatasetState.NotDownloaded, url.State);
        Assert.Contains(DatasetOptions.OfficialUrl, url.Message);
        Assert.Contains("local cifar-10-binary.tar.gz", url.Message);
        Assert.False(Directory.Exists(_dir.Combine("cache")));
    }

    [Fact]
    public void Only_the_official_url_has_a_built_in_archive_md5()
    {
        var policy = ChecksumPolicy.Parse(null);
        Assert.Equal(OfficialChecksums.ArchiveMd5, policy.ExpectedFor(DatasetSource.Resolve(DatasetOptions.OfficialUrl)));
        Assert.Null(policy.ExpectedFor(DatasetSource.Resolve("http://127.0.0.1:1/cifar-10-binary.tar.gz")));
        var archive = ArchiveFixtures.SyntheticArchive(_dir.Path);
        Assert.Null(policy.ExpectedFor(DatasetSource.Resolve(archive)));
        Assert.Null(ChecksumPolicy.Parse("skip").ExpectedFor(DatasetSource.Resolve(DatasetOptions.OfficialUrl)));
        var exact = new string('a', 32);
        Assert.Equal(exact, ChecksumPolicy.Parse(exact.ToUpperInvariant()).ExpectedFor(DatasetSource.Resolve(archive)));
    }
}

using System.Diagnostics.CodeAnalysis;

namespace CifarLab.Training.Data;

/// <summary>
/// Gets CIFAR-10 onto disk: downloads or takes a local archive, verifies it, extracts it safely into the
/// cache, and recognises a finished extraction on later calls without touching the archive again.
/// An extraction becomes visible only by an atomic folder rename, so a crash never leaves a folder that
/// passes as ready. Whatever the source, the six batch files are checked against the official checksums:
/// data that is not official is refused unless <see cref="DatasetOptions.AllowUnofficial"/> is set, and is
/// then reported as unofficial.
/// </summary>
public sealed class DatasetManager
{
    // One client for the process, as HttpClient is meant to be used; stalls are bounded per request instead.
    private static readonly HttpClient SharedClient = new() { Timeout = Timeout.InfiniteTimeSpan };

    private readonly HttpClient _http;

    public DatasetManager()
        : this(null)
    {
    }

    /// <summary>
    /// Uses <paramref name="httpClient"/> for downloads (e.g. one configured with a proxy). It is not disposed
    /// here, and its Timeout should be infinite: <see cref="DatasetOptions.TimeoutSeconds"/> bounds stalls instead.
    /// </summary>
    public DatasetManager(HttpClient? httpClient)
    {
        _http = httpClient ?? SharedClient;
    }

    /// <summary>The folder of <see cref="Prepare"/>, for callers that do not need to know what the data is.</summary>
    /// <exception cref="CifarFormatException">See <see cref="Prepare"/>.</exception>
    public string EnsureReady(DatasetOptions options, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default) =>
        Prepare(options, progress, ct).Folder;

    /// <summary>
    /// Returns the absolute path of a folder holding data_batch_1..5.bin, test_batch.bin and (for archives)
    /// batches.meta.txt, with whether that data is official. A folder source is verified and returned as it is;
    /// archive and URL sources are extracted into CacheDirectory/cifar-10-batches-bin.
    /// </summary>
    /// <exception cref="CifarFormatException">
    /// Any problem with the source, the archive, the download or the cache, and data that is not official while
    /// <see cref="DatasetOptions.AllowUnofficial"/> is off (the message names the file and both checksums).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; nothing half-done is left to look valid.</exception>
    public PreparedDataset Prepare(DatasetOptions options, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = ChecksumPolicy.Parse(options.Md5);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimeoutSeconds, 1);
        var source = DatasetSource.Resolve(options.Source);
        switch (source.Kind)
        {
            case SourceKind.Folder:
                return PrepareFolder(source, options, progress, ct).Prepared;
            case SourceKind.Missing:
                throw DatasetSource.NotFound(source.Location);
        }

        var cache = CachePath(options);
        var target = Path.Combine(cache, CifarLayout.FolderName);
        if (ExtractedCache.Staleness(target, source, policy, out var ready) is null)
        {
            return Accept(ready!, target, source, options);
        }
        try
        {
            Directory.CreateDirectory(cache);
            using var cacheLock = CacheLock.Acquire(cache, ct);
            // Another run may have finished the same work while this one waited for the lock.
            if (ExtractedCache.Staleness(target, source, policy, out ready) is null)
            {
                return Accept(ready!, target, source, options);
            }
            ExtractedCache.RemoveLeftovers(cache);
            // Getting the archive can fail for passing reasons (network); what it turns out to hold cannot.
            var (archive, downloadMd5) = source.Kind == SourceKind.Url
                ? ObtainDownload(source, cache, policy, TimeSpan.FromSeconds(options.TimeoutSeconds), progress, ct)
                : (source.Location, null);
            try
            {
                var md5 = downloadMd5 ?? VerifyLocal(source, policy, progress, ct);
                var marker = new ReadyMarker
                {
                    Source = source.Location,
                    ArchiveMd5 = md5,
                    ArchiveBytes = new FileInfo(archive).Length,
                    ArchiveWriteTicks = source.Kind == SourceKind.Archive ? File.GetLastWriteTimeUtc(archive).Ticks : null,
                    Files = [],
                };
                if (!ExtractedCache.Adopt(target, marker))
                {
                    ExtractedCache.Install(archive, marker, cache, target, options.AllowUnofficial, progress, ct);
                }
                var prepared = Accept(ReadyMarker.TryRead(target)!, target, source, options);
                SourceRejection.Forget(cache);
                return prepared;
            }
            catch (CifarFormatException e)
            {
                // What the archive holds will not change by trying again: remember it for Probe.
                SourceRejection.Remember(cache, source.Location, archive, SourceRejection.SettingsOf(options), e.Message);
                throw;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CifarFormatException(cache, $"Cannot prepare the dataset cache '{cache}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Whether <see cref="Prepare"/> has work to do, and whether the data is usable, without downloading or
    /// extracting. A folder source's files are hashed the first time and after they change (about a second for
    /// the full dataset); the verdict is cached, so later probes only look at file sizes and times.
    /// </summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Part of the instance API beside Prepare.")]
    public DatasetStatus Probe(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ChecksumPolicy policy;
        DatasetSource source;
        try
        {
            policy = ChecksumPolicy.Parse(options.Md5);
            source = DatasetSource.Resolve(options.Source);
        }
        catch (ArgumentException e)
        {
            return new DatasetStatus(DatasetState.Invalid, e.Message, null);
        }

        switch (source.Kind)
        {
            case SourceKind.Missing:
                return new DatasetStatus(DatasetState.Invalid, DatasetSource.NotFound(source.Location).Message, null);
            case SourceKind.Folder:
                try
                {
                    var (prepared, train, test, verdict) = PrepareFolder(source, options, null, CancellationToken.None);
                    return Ready(prepared, $"in '{prepared.Folder}' ({train} training and {test} test images)", verdict);
                }
                catch (CifarFormatException e)
                {
                    return new DatasetStatus(DatasetState.Invalid, e.Message, null);
                }
        }

        var cache = CachePath(options);
        var target = Path.Combine(cache, CifarLayout.FolderName);
        var why = ExtractedCache.Staleness(target, source, policy, out var ready);
        if (why is null)
        {
            var verdict = ContentVerdict.Of(ready!.Files);
            if (!verdict.Official && !options.AllowUnofficial)
            {
                return new DatasetStatus(DatasetState.Invalid, verdict.Rejection(source.Location, source.Location).Message, null);
            }
            return Ready(new PreparedDataset(target, verdict.Provenance(source.Location)), $"in '{target}' (extracted from {source.Location})", verdict);
        }
        var archive = source.Kind == SourceKind.Url ? source.DownloadPath(cache) : source.Location;
        if (SourceRejection.Find(cache, source.Location, archive, SourceRejection.SettingsOf(options)) is { } rejected)
        {
            return new DatasetStatus(DatasetState.Invalid, rejected.Message, null);
        }
        if (source.Kind == SourceKind.Archive)
        {
            return new DatasetStatus(DatasetState.NotDownloaded,
                $"{why}. Preparing the dataset verifies '{source.Location}' and extracts it into '{cache}'.", null);
        }
        return new DatasetStatus(DatasetState.NotDownloaded, File.Exists(archive)
            ? $"{why}. The downloaded archive '{archive}' is present; preparing the dataset verifies and extracts it."
            : $"{why}. Preparing the dataset downloads {source.Location} (about 170 MB) into '{cache}' and extracts it. " +
              "Without internet access, set the dataset source to a local cifar-10-binary.tar.gz or an extracted folder.", null);
    }

    private static DatasetStatus Ready(PreparedDataset prepared, string where, ContentVerdict verdict) =>
        new(DatasetState.Ready, verdict.Official
            ? $"CIFAR-10 is ready {where}; its files are the official ones (checksums verified)."
            : $"Unofficial data is ready {where}: {verdict.Difference(prepared.Provenance.Source)}. " +
              $"{DatasetOptions.AllowUnofficialSetting} is on, so runs may use it and are labelled \"{DatasetProvenance.UnofficialLabel}\".",
            prepared.Folder, verdict.Official);

    private static string CachePath(DatasetOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CacheDirectory);
        return Path.GetFullPath(options.CacheDirectory);
    }

    /// <summary>An extraction that is intact, as a dataset, if its data is official or unofficial data is allowed.</summary>
    private static PreparedDataset Accept(ReadyMarker marker, string target, DatasetSource source, DatasetOptions options)
    {
        var verdict = ContentVerdict.Of(marker.Files);
        if (!verdict.Official && !options.AllowUnofficial)
        {
            throw verdict.Rejection(source.Location, source.Location);
        }
        return new PreparedDataset(target, verdict.Provenance(source.Location));
    }

    private static (PreparedDataset Prepared, long Train, long Test, ContentVerdict Verdict) PrepareFolder(
        DatasetSource source, DatasetOptions options, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var (folder, train, test) = CheckFolder(source.Location);
        var verdict = ContentVerdict.Of(FolderVerdicts.Fingerprints(folder, CachePath(options), progress, ct));
        if (!verdict.Official && !options.AllowUnofficial)
        {
            throw verdict.Rejection(folder, Path.Combine(folder, verdict.Mismatches[0].File));
        }
        return (new PreparedDataset(folder, verdict.Provenance(folder)), train, test, verdict);
    }

    private static (string Folder, long Train, long Test) CheckFolder(string location)
    {
        var folder = CifarLayout.FindDataFolder(location);
        if (folder is null)
        {
            var missing = CifarLayout.BatchFiles.Where(f => !File.Exists(Path.Combine(location, f))).ToArray();
            throw new CifarFormatException(location,
                $"Folder '{location}' is not a CIFAR-10 dataset folder: {string.Join(", ", missing)} missing " +
                $"(looked in it and in its {CifarLayout.FolderName}/). Point the dataset source at a folder with all six .bin files, or at the .tar.gz archive.");
        }
        long train = CifarLayout.TrainFiles.Sum(f => (long)CifarLayout.CountRecords(Path.Combine(folder, f)));
        long test = CifarLayout.CountRecords(Path.Combine(folder, CifarLayout.TestFile));
        return (folder, train, test);
    }

    /// <summary>The downloaded archive and its MD5; it stays in the cache, so a later call re-verifies it instead of downloading again.</summary>
    private (string Archive, string? Md5) ObtainDownload(DatasetSource source, string cache, ChecksumPolicy policy,
        TimeSpan stallTimeout, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var path = source.DownloadPath(cache);
        // Only complete downloads are ever renamed to this name, so an existing file is worth re-verifying.
        if (File.Exists(path))
        {
            var existing = FileHasher.Md5(path, progress, ct);
            if (policy.Accepts(source, existing))
            {
                return (path, existing);
            }
            File.Delete(path);
        }
        return (path, ArchiveDownloader.Download(_http, new Uri(source.Location), path, policy.ExpectedFor(source), stallTimeout, progress, ct));
    }

    /// <summary>Hashes a local archive (the marker keeps its MD5, so a moved copy is recognised) and checks it when the policy asks.</summary>
    private static string VerifyLocal(DatasetSource source, ChecksumPolicy policy, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var md5 = FileHasher.Md5(source.Location, progress, ct);
        if (policy.ExpectedFor(source) is { } expected && expected != md5)
        {
            throw new CifarFormatException(source.Location,
                $"Checksum mismatch for the archive '{source.Location}': MD5 is {md5}, expected {expected} ({DatasetOptions.Md5Setting}). " +
                $"Use the archive you meant, or set {DatasetOptions.Md5Setting} to this archive's MD5, or to \"{DatasetOptions.SkipChecksum}\" (the files inside are still checked one by one).");
        }
        return md5;
    }
}

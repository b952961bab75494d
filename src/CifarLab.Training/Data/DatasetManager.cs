using System.Diagnostics.CodeAnalysis;

namespace CifarLab.Training.Data;

/// <summary>
/// Gets CIFAR-10 onto disk: downloads or takes a local archive, verifies it, extracts it safely into the
/// cache, and recognises a finished extraction on later calls without touching the archive again.
/// An extraction becomes visible only by an atomic folder rename, so a crash never leaves a folder that
/// passes as ready.
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

    /// <summary>
    /// Returns the absolute path of a folder holding data_batch_1..5.bin, test_batch.bin and (for archives)
    /// batches.meta.txt. A folder source is checked and returned as it is; archive and URL sources are
    /// extracted into CacheDirectory/cifar-10-batches-bin.
    /// </summary>
    /// <exception cref="CifarFormatException">Any problem with the source, the archive, the download or the cache.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; nothing half-done is left to look valid.</exception>
    public string EnsureReady(DatasetOptions options, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = ChecksumPolicy.Parse(options.Md5);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimeoutSeconds, 1);
        var source = DatasetSource.Resolve(options.Source);
        switch (source.Kind)
        {
            case SourceKind.Folder:
                return CheckFolder(source.Location).Folder;
            case SourceKind.Missing:
                throw DatasetSource.NotFound(source.Location);
        }

        var cache = CachePath(options);
        var target = Path.Combine(cache, CifarLayout.FolderName);
        if (ExtractedCache.Staleness(target, source, policy) is null)
        {
            return target;
        }
        try
        {
            Directory.CreateDirectory(cache);
            using var cacheLock = CacheLock.Acquire(cache, ct);
            // Another run may have finished the same work while this one waited for the lock.
            if (ExtractedCache.Staleness(target, source, policy) is null)
            {
                return target;
            }
            ExtractedCache.RemoveLeftovers(cache);
            var (archive, md5) = source.Kind == SourceKind.Url
                ? ObtainDownload(source, cache, policy, TimeSpan.FromSeconds(options.TimeoutSeconds), progress, ct)
                : (source.Location, VerifyLocal(source.Location, policy, progress, ct));
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
                ExtractedCache.Install(archive, marker, cache, target, progress, ct);
            }
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CifarFormatException(cache, $"Cannot prepare the dataset cache '{cache}': {e.Message}", e);
        }
    }

    /// <summary>Cheap check (file metadata only, no download, no hashing) of whether <see cref="EnsureReady"/> has work to do.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Part of the instance API beside EnsureReady.")]
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
                    var (folder, train, test) = CheckFolder(source.Location);
                    return new DatasetStatus(DatasetState.Ready, $"CIFAR-10 is ready in '{folder}' ({train} training and {test} test images).", folder);
                }
                catch (CifarFormatException e)
                {
                    return new DatasetStatus(DatasetState.Invalid, e.Message, null);
                }
        }

        var cache = CachePath(options);
        var target = Path.Combine(cache, CifarLayout.FolderName);
        var why = ExtractedCache.Staleness(target, source, policy);
        if (why is null)
        {
            return new DatasetStatus(DatasetState.Ready, $"CIFAR-10 is ready in '{target}' (extracted from {source.Location}).", target);
        }
        if (source.Kind == SourceKind.Archive)
        {
            return new DatasetStatus(DatasetState.NotDownloaded,
                $"{why}. Preparing the dataset verifies '{source.Location}' and extracts it into '{cache}'.", null);
        }
        var download = source.DownloadPath(cache);
        return new DatasetStatus(DatasetState.NotDownloaded, File.Exists(download)
            ? $"{why}. The downloaded archive '{download}' is present; preparing the dataset verifies and extracts it."
            : $"{why}. Preparing the dataset downloads {source.Location} (about 170 MB) into '{cache}' and extracts it. " +
              "Without internet access, set the dataset source to a local cifar-10-binary.tar.gz or an extracted folder.", null);
    }

    private static string CachePath(DatasetOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CacheDirectory);
        return Path.GetFullPath(options.CacheDirectory);
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

    private (string Archive, string Md5) ObtainDownload(DatasetSource source, string cache, ChecksumPolicy policy,
        TimeSpan stallTimeout, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var path = source.DownloadPath(cache);
        // Only complete downloads are ever renamed to this name, so an existing file is worth re-verifying.
        if (File.Exists(path))
        {
            var existing = FileHasher.Md5(path, progress, ct);
            if (policy.Accepts(existing))
            {
                return (path, existing);
            }
            File.Delete(path);
        }
        return (path, ArchiveDownloader.Download(_http, new Uri(source.Location), path, policy, stallTimeout, progress, ct));
    }

    private static string VerifyLocal(string archive, ChecksumPolicy policy, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var md5 = FileHasher.Md5(archive, progress, ct);
        if (!policy.Accepts(md5))
        {
            throw FileHasher.Mismatch(archive, md5, policy,
                "Use an untampered copy of cifar-10-binary.tar.gz, or set the dataset MD5 to this archive's checksum (or \"skip\") if you trust it.");
        }
        return md5;
    }
}

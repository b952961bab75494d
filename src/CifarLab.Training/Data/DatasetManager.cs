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
    private const string ExtractPrefix = ".extract-";
    private const string OldPrefix = ".old-";

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
        if (Staleness(target, source, policy) is null)
        {
            return target;
        }
        try
        {
            Directory.CreateDirectory(cache);
            using var cacheLock = CacheLock.Acquire(cache, ct);
            // Another run may have finished the same work while this one waited for the lock.
            if (Staleness(target, source, policy) is null)
            {
                return target;
            }
            RemoveLeftovers(cache);
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
            if (!Adopt(target, marker))
            {
                Install(archive, marker, cache, target, progress, ct);
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
        var why = Staleness(target, source, policy);
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

    /// <summary>Null when <paramref name="target"/> holds an intact extraction of this source that the policy accepts; otherwise why not.</summary>
    private static string? Staleness(string target, DatasetSource source, ChecksumPolicy policy)
    {
        var marker = ReadyMarker.TryRead(target);
        if (marker is null)
        {
            return $"CIFAR-10 has not been extracted into '{target}' yet";
        }
        if (marker.Source != source.Location)
        {
            return $"The dataset in '{target}' was extracted from another source ({marker.Source})";
        }
        if (!policy.Accepts(marker.ArchiveMd5))
        {
            return $"The dataset in '{target}' came from an archive with MD5 {marker.ArchiveMd5}, not {policy.Expected}";
        }
        if (source.Kind == SourceKind.Archive)
        {
            var info = new FileInfo(source.Location);
            if (info.Length != marker.ArchiveBytes || info.LastWriteTimeUtc.Ticks != marker.ArchiveWriteTicks)
            {
                return $"The archive '{source.Location}' changed since it was extracted";
            }
        }
        return marker.Damage(target) is { } damage ? $"The dataset in '{target}' is damaged ({damage})" : null;
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

    /// <summary>
    /// Keeps an intact extraction of the same archive content that came from elsewhere (a moved archive,
    /// the URL's copy) by re-labelling it instead of extracting again.
    /// </summary>
    private static bool Adopt(string target, ReadyMarker marker)
    {
        var old = ReadyMarker.TryRead(target);
        if (old is null || old.ArchiveMd5 != marker.ArchiveMd5 || old.Damage(target) is not null)
        {
            return false;
        }
        var temp = Path.Combine(target, ReadyMarker.FileName + ".tmp");
        (marker with { Files = old.Files }).Write(target, temp);
        return true;
    }

    private static void Install(string archive, ReadyMarker marker, string cache, string target,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var temp = Path.Combine(cache, ExtractPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var files = TarExtractor.Extract(archive, temp, progress, ct);
            var meta = Path.Combine(temp, CifarLayout.MetaFile);
            if (!files.ContainsKey(CifarLayout.MetaFile))
            {
                // Keeps the promise that a ready folder has class names, even from a bare archive.
                ClassNameFile.Write(meta, CifarLayout.StandardClassNames);
                files[CifarLayout.MetaFile] = new FileInfo(meta).Length;
            }
            (marker with { Files = files }).Write(temp);
            ct.ThrowIfCancellationRequested();

            string? old = null;
            if (Directory.Exists(target))
            {
                old = Path.Combine(cache, OldPrefix + Guid.NewGuid().ToString("N"));
                Directory.Move(target, old);
            }
            Directory.Move(temp, target);
            if (old is not null)
            {
                TryDeleteDirectory(old);
            }
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                TryDeleteDirectory(temp);
            }
        }
    }

    /// <summary>Clears what an interrupted run left behind; only called while holding the cache lock.</summary>
    private static void RemoveLeftovers(string cache)
    {
        foreach (var dir in Directory.EnumerateDirectories(cache))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith(ExtractPrefix, StringComparison.Ordinal) || name.StartsWith(OldPrefix, StringComparison.Ordinal))
            {
                TryDeleteDirectory(dir);
            }
        }
        foreach (var part in Directory.EnumerateFiles(cache, "*" + ArchiveDownloader.PartSuffix))
        {
            File.Delete(part);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Harmless: names with these prefixes are never taken for a dataset and are removed next time.
        }
    }
}

namespace CifarLab.Training.Data;

/// <summary>
/// The extracted folder in the cache and its marker: whether it can be trusted, and replacing it so that
/// it only ever appears complete (extract into a temp folder, then rename).
/// </summary>
internal static class ExtractedCache
{
    private const string ExtractPrefix = ".extract-";
    private const string OldPrefix = ".old-";

    /// <summary>
    /// Null when <paramref name="target"/> holds an intact extraction of this source whose archive the policy accepts
    /// (then <paramref name="ready"/> is its marker); otherwise why not. Whether its data is official is the caller's
    /// question (<see cref="ContentVerdict"/>): an extraction is a faithful copy of its archive either way.
    /// </summary>
    public static string? Staleness(string target, DatasetSource source, ChecksumPolicy policy, out ReadyMarker? ready)
    {
        ready = null;
        var marker = ReadyMarker.TryRead(target);
        if (marker is null)
        {
            return $"CIFAR-10 has not been extracted into '{target}' yet";
        }
        if (marker.Source != source.Location)
        {
            return $"The dataset in '{target}' was extracted from another source ({marker.Source})";
        }
        if (!policy.Accepts(source, marker.ArchiveMd5))
        {
            return $"The dataset in '{target}' came from an archive with MD5 {marker.ArchiveMd5}, not {policy.ExpectedFor(source)}";
        }
        if (source.Kind == SourceKind.Archive)
        {
            var info = new FileInfo(source.Location);
            if (info.Length != marker.ArchiveBytes || info.LastWriteTimeUtc.Ticks != marker.ArchiveWriteTicks)
            {
                return $"The archive '{source.Location}' changed since it was extracted";
            }
        }
        if (marker.Damage(target) is { } damage)
        {
            return $"The dataset in '{target}' is damaged ({damage})";
        }
        ready = marker;
        return null;
    }

    /// <summary>
    /// Keeps an intact extraction of the same archive content that came from elsewhere (a moved archive,
    /// the URL's copy) by re-labelling it instead of extracting again.
    /// </summary>
    public static bool Adopt(string target, ReadyMarker marker)
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

    /// <summary>
    /// Extracts <paramref name="archive"/> and moves it into place, unless its batch files are not the official ones
    /// and <paramref name="allowUnofficial"/> is false: then nothing is installed and the mismatch is thrown.
    /// </summary>
    public static void Install(string archive, ReadyMarker marker, string cache, string target, bool allowUnofficial,
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
                files[CifarLayout.MetaFile] = FileFingerprint.Take(meta, null, ct);
            }
            var verdict = ContentVerdict.Of(files);
            if (!verdict.Official && !allowUnofficial)
            {
                throw verdict.Rejection(archive, archive);
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
    public static void RemoveLeftovers(string cache)
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

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CifarLab.Training.Data;

/// <summary>
/// The checksums of a folder source's batch files, kept in the cache directory (the folder itself may be
/// read-only) and keyed by each file's size and write time, so a ready folder is hashed once, not on every run
/// or probe; a file that changes is hashed again. Losing the record only costs a second of hashing.
/// </summary>
internal static class FolderVerdicts
{
    private const int CurrentVersion = 1;
    private const string Prefix = ".cifarlab-folder-";

    private sealed record Record(int Version, string Folder, Dictionary<string, FileFingerprint> Files);

    /// <summary>Fingerprints of the six batch files of <paramref name="folder"/>, from the record where it still holds.</summary>
    public static Dictionary<string, FileFingerprint> Fingerprints(string folder, string cache,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var path = RecordPath(cache, folder);
        var known = TryRead(path, folder);
        var files = new Dictionary<string, FileFingerprint>(StringComparer.Ordinal);
        var stale = new List<string>();
        foreach (var name in CifarLayout.BatchFiles)
        {
            if (known is not null && known.TryGetValue(name, out var fingerprint) && fingerprint.StillMatches(Path.Combine(folder, name)))
            {
                files[name] = fingerprint;
            }
            else
            {
                stale.Add(name);
            }
        }
        if (stale.Count == 0)
        {
            return files;
        }
        var total = stale.Sum(name => new FileInfo(Path.Combine(folder, name)).Length);
        var reporter = new ProgressReporter(progress, DownloadProgress.Verify, total);
        long before = 0;
        reporter.Report(0, force: true);
        foreach (var name in stale)
        {
            var done = before;
            files[name] = FileFingerprint.Take(Path.Combine(folder, name), n => reporter.Report(done + n), ct);
            before += files[name].Bytes;
        }
        reporter.Report(total, force: true);
        if (TryWrite(path, new Record(CurrentVersion, folder, files)))
        {
            ForgetVanishedFolders(cache);
        }
        return files;
    }

    private static string RecordPath(string cache, string folder)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..16];
        return Path.Combine(cache, $"{Prefix}{key}.json");
    }

    private static Dictionary<string, FileFingerprint>? TryRead(string path, string folder)
    {
        try
        {
            var record = JsonSerializer.Deserialize<Record>(File.ReadAllText(path));
            return record is { Version: CurrentVersion } && record.Folder == folder ? record.Files : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Drops the records of folders that no longer exist (temporary copies, moved datasets), so they do not pile up.</summary>
    private static void ForgetVanishedFolders(string cache)
    {
        foreach (var path in Directory.EnumerateFiles(cache, Prefix + "*.json"))
        {
            try
            {
                var folder = TryFolderOf(File.ReadAllText(path));
                if (folder is null || !Directory.Exists(folder))
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Housekeeping only (another process may be replacing it): tried again next time.
            }
        }
    }

    private static string? TryFolderOf(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Record>(json)?.Folder;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryWrite(string path, Record record)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temp, JsonSerializer.Serialize(record));
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a cache: without it the folder is hashed again next time.
            try
            {
                File.Delete(temp);
            }
            catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do; a stray .tmp is harmless.
            }
            return false;
        }
    }
}

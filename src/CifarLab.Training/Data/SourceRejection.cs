using System.Text.Json;

namespace CifarLab.Training.Data;

/// <summary>
/// Why the last preparation of an archive or URL source failed on what the archive holds (its checksum, its
/// data, its format), kept in the cache so a probe (the home page, /health) reports the dataset as unusable
/// instead of "not extracted yet" while every run fails on it. It applies only while the source, its archive
/// file and the checking settings are unchanged, and the next successful preparation removes it.
/// </summary>
internal sealed record SourceRejection(string Source, long? ArchiveBytes, long? ArchiveWriteTicks, string Settings, string Message)
{
    public const string FileName = ".cifarlab-rejected.json";

    /// <summary>The settings that decide what is accepted; a rejection under other settings does not apply.</summary>
    public static string SettingsOf(DatasetOptions options) =>
        $"md5={options.Md5?.Trim().ToLowerInvariant()};allowUnofficial={options.AllowUnofficial}";

    public static SourceRejection? Find(string cache, string source, string archive, string settings)
    {
        try
        {
            var found = JsonSerializer.Deserialize<SourceRejection>(File.ReadAllText(Path.Combine(cache, FileName)));
            var (bytes, ticks) = Stat(archive);
            return found is not null && found.Source == source && found.Settings == settings
                && found.ArchiveBytes == bytes && found.ArchiveWriteTicks == ticks ? found : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public static void Remember(string cache, string source, string archive, string settings, string message)
    {
        var (bytes, ticks) = Stat(archive);
        var record = new SourceRejection(source, bytes, ticks, settings, message);
        var temp = Path.Combine(cache, FileName + ".tmp");
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(record));
            File.Move(temp, Path.Combine(cache, FileName), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: without the record a probe says "not extracted yet" and the next run reports the error.
        }
    }

    public static void Forget(string cache)
    {
        try
        {
            File.Delete(Path.Combine(cache, FileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale record is ignored anyway once the source or its archive changes.
        }
    }

    private static (long?, long?) Stat(string archive)
    {
        var info = new FileInfo(archive);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : (null, null);
    }
}

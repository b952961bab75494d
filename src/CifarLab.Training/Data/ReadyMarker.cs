using System.Text.Json;

namespace CifarLab.Training.Data;

/// <summary>
/// Small JSON file written into an extracted folder just before it is moved into place: it records what
/// was extracted from which archive, with each file's checksum, so a later call can trust the folder (and
/// know whether its data is official) after a few stat calls.
/// </summary>
internal sealed record ReadyMarker
{
    public const string FileName = ".cifarlab-extracted.json";
    // Version 2 added the checksums; a version 1 folder is extracted again, which verifies it.
    private const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;
    /// <summary>The dataset source as configured: a URL or an archive's full path.</summary>
    public required string Source { get; init; }
    public required string ArchiveMd5 { get; init; }
    public required long ArchiveBytes { get; init; }
    /// <summary>Last write time of a local archive source (UTC ticks); null for downloads.</summary>
    public long? ArchiveWriteTicks { get; init; }
    /// <summary>Every extracted file (the six batches and the class names) by name.</summary>
    public required Dictionary<string, FileFingerprint> Files { get; init; }

    public static ReadyMarker? TryRead(string folder)
    {
        try
        {
            var marker = JsonSerializer.Deserialize<ReadyMarker>(File.ReadAllText(Path.Combine(folder, FileName)));
            return marker?.Version == CurrentVersion ? marker : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Write(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this));

    /// <summary>Replaces the marker of a live folder via a temp file and rename, so readers never see half a file.</summary>
    public void Write(string folder, string tempPath)
    {
        File.WriteAllText(tempPath, JsonSerializer.Serialize(this));
        File.Move(tempPath, Path.Combine(folder, FileName), overwrite: true);
    }

    /// <summary>Why the folder no longer matches this marker, or null when every recorded file is as it was written.</summary>
    public string? Damage(string folder)
    {
        foreach (var required in CifarLayout.BatchFiles.Append(CifarLayout.MetaFile))
        {
            if (!Files.ContainsKey(required))
            {
                return $"{required} is not recorded";
            }
        }
        foreach (var (name, fingerprint) in Files)
        {
            var info = new FileInfo(Path.Combine(folder, name));
            if (!info.Exists)
            {
                return $"{name} is missing";
            }
            if (info.Length != fingerprint.Bytes)
            {
                return $"{name} is {info.Length} bytes instead of {fingerprint.Bytes}";
            }
            if (info.LastWriteTimeUtc.Ticks != fingerprint.WriteTicks)
            {
                // Same size, new content perhaps: the recorded checksum no longer vouches for it.
                return $"{name} was modified after it was extracted";
            }
        }
        return null;
    }
}

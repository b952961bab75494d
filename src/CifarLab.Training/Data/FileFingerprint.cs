using System.Security.Cryptography;

namespace CifarLab.Training.Data;

/// <summary>
/// A file's SHA-256 with the size and last write time it had when it was hashed. While both stay the same the hash
/// is trusted without reading the file again (hashing the full dataset takes about a second); any change means
/// the file is hashed again.
/// </summary>
internal sealed record FileFingerprint(long Bytes, long WriteTicks, string Sha256)
{
    public bool StillMatches(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length == Bytes && info.LastWriteTimeUtc.Ticks == WriteTicks;
    }

    /// <summary>Hashes <paramref name="path"/>; <paramref name="onChunk"/> gets the bytes read so far.</summary>
    public static FileFingerprint Take(string path, Action<long>? onChunk, CancellationToken ct)
    {
        try
        {
            // Size and time are taken before reading: a file changed while it is hashed then no longer matches
            // them, so it is hashed again next time instead of being trusted with a stale hash.
            var info = new FileInfo(path);
            var (bytes, ticks) = (info.Length, info.LastWriteTimeUtc.Ticks);
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            long done = 0;
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                sha.AppendData(buffer, 0, read);
                done += read;
                onChunk?.Invoke(done);
            }
            return new FileFingerprint(bytes, ticks, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CifarFormatException(path, $"Cannot read '{path}' to verify it: {e.Message}", e);
        }
    }

    /// <summary>The fingerprint of a file just written whose hash was computed on the way.</summary>
    public static FileFingerprint OfWritten(string path, string sha256)
    {
        var info = new FileInfo(path);
        return new FileFingerprint(info.Length, info.LastWriteTimeUtc.Ticks, sha256);
    }
}

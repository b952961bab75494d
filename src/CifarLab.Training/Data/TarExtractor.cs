using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace CifarLab.Training.Data;

/// <summary>
/// Extracts the CIFAR-10 files from a .tar.gz into a folder, flat. Only regular-file entries named like the
/// dataset's files (at the root or under cifar-10-batches-bin/) are written; other entries are skipped;
/// unsafe names or escaping links reject the whole archive. Batch sizes and labels are checked on the way.
/// </summary>
internal static class TarExtractor
{
    private static readonly HashSet<string> Wanted = [.. CifarLayout.BatchFiles, CifarLayout.MetaFile];

    /// <summary>Extracts into <paramref name="folder"/> (which must exist); returns each written file's fingerprint.</summary>
    public static Dictionary<string, FileFingerprint> Extract(string archive, string folder, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var written = new Dictionary<string, FileFingerprint>(StringComparer.Ordinal);
        try
        {
            using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var reporter = new ProgressReporter(progress, DownloadProgress.Extract, file.Length);
            reporter.Report(0, force: true);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            var buffer = new byte[1 << 20];
            while (tar.GetNextEntry() is { } entry)
            {
                ct.ThrowIfCancellationRequested();
                var name = Select(archive, entry);
                if (name is null)
                {
                    continue;
                }
                var what = $"Archive '{archive}', entry '{entry.Name}'";
                var scanner = name == CifarLayout.MetaFile ? null : new LabelScanner(what, archive);
                if (scanner is not null)
                {
                    CifarLayout.RecordsInLength(entry.Length, what, archive);
                }
                written[name] = Copy(entry, Path.Combine(folder, name), scanner, buffer, () => reporter.Report(file.Position), ct);
            }
            // The tar end marker comes before the gzip trailer; reading on to the end makes the
            // decompressor check the trailer's CRC-32, so damage inside pixel data is caught too.
            gzip.CopyTo(Stream.Null);
            reporter.Report(file.Length, force: true);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new CifarFormatException(archive,
                $"Archive '{archive}' is corrupt or truncated (bad gzip or tar data: {e.Message}). " +
                "Delete it and download it again, or point the dataset source at a good copy.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CifarFormatException(archive, $"Cannot extract archive '{archive}' into '{folder}': {e.Message}", e);
        }

        var missing = CifarLayout.BatchFiles.Where(f => !written.ContainsKey(f)).ToArray();
        if (missing.Length > 0)
        {
            throw new CifarFormatException(archive,
                $"Archive '{archive}' lacks {string.Join(", ", missing)}. A CIFAR-10 binary archive holds " +
                $"{CifarLayout.FolderName}/ with {string.Join(", ", CifarLayout.BatchFiles)} and {CifarLayout.MetaFile}.");
        }
        return written;
    }

    /// <summary>The flat file name to extract an entry to, or null to skip it; throws for unsafe entries.</summary>
    private static string? Select(string archive, TarEntry entry)
    {
        var segments = ArchivePaths.SafeSegments(entry.Name) ?? throw new CifarFormatException(archive,
            $"Archive '{archive}' has an unsafe entry '{entry.Name}' (absolute path or '..'); it was not extracted. " +
            "Entries must stay inside the archive's folder; use an untampered CIFAR-10 archive.");
        var dataName = IsDatasetPath(segments) ? segments[^1] : null;

        if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
        {
            if (!ArchivePaths.LinkStaysInside(segments, entry.LinkName, entry.EntryType == TarEntryType.SymbolicLink))
            {
                throw new CifarFormatException(archive,
                    $"Archive '{archive}' has a link '{entry.Name}' -> '{entry.LinkName}' that points outside the archive; it was not extracted. " +
                    "Use an untampered CIFAR-10 archive.");
            }
            if (dataName is not null)
            {
                throw new CifarFormatException(archive,
                    $"Archive '{archive}' stores '{entry.Name}' as a link; CIFAR-10 files must be regular files.");
            }
            return null;
        }
        var regular = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;
        return regular ? dataName : null;
    }

    private static bool IsDatasetPath(string[] segments) =>
        segments.Length > 0 && Wanted.Contains(segments[^1])
        && (segments.Length == 1 || (segments.Length == 2 && segments[0] == CifarLayout.FolderName));

    // Hashed on the way out, so verifying the extracted data costs no second read.
    private static FileFingerprint Copy(TarEntry entry, string path, LabelScanner? scanner, byte[] buffer, Action onChunk, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var data = entry.DataStream;
            long total = 0;
            if (data is not null)
            {
                int read;
                while ((read = data.Read(buffer)) > 0)
                {
                    ct.ThrowIfCancellationRequested();
                    scanner?.Feed(buffer.AsSpan(0, read));
                    sha.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                    total += read;
                    onChunk();
                }
            }
            if (total != entry.Length)
            {
                throw new EndOfStreamException($"entry '{entry.Name}' holds {total} of its {entry.Length} bytes");
            }
            output.Flush(flushToDisk: true);
        }
        return FileFingerprint.OfWritten(path, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}

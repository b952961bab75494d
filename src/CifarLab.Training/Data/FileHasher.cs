using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace CifarLab.Training.Data;

/// <summary>MD5 of an archive: the only checksum the CIFAR-10 publisher gives for it, used for integrity, not security.</summary>
[SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms",
    Justification = "Integrity check against the MD5 the dataset publisher provides; not a security boundary.")]
internal static class FileHasher
{
    public static IncrementalHash CreateMd5() => IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    public static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());

    /// <summary>Hashes a local file, reporting "verify" progress.</summary>
    public static string Md5(string path, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var reporter = new ProgressReporter(progress, DownloadProgress.Verify, file.Length);
            using var md5 = CreateMd5();
            var buffer = new byte[1 << 20];
            long done = 0;
            reporter.Report(0, force: true);
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                md5.AppendData(buffer, 0, read);
                done += read;
                reporter.Report(done);
            }
            reporter.Report(done, force: true);
            return Hex(md5);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CifarFormatException(path, $"Cannot read archive '{path}': {e.Message}", e);
        }
    }
}

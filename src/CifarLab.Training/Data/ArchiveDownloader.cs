using System.Buffers;

namespace CifarLab.Training.Data;

/// <summary>
/// Streams an archive to "destination.part", hashing as it goes, and renames it to the destination
/// only when it is complete and its checksum is accepted: an existing destination is always whole.
/// </summary>
internal static class ArchiveDownloader
{
    public const string PartSuffix = ".part";

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="destination"/>; returns the MD5. A download whose MD5 is
    /// not <paramref name="expectedMd5"/> (when given) is discarded.
    /// </summary>
    public static string Download(HttpClient client, Uri url, string destination, string? expectedMd5, TimeSpan stallTimeout,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        // EnsureReady is synchronous; async I/O inside keeps cancellation and the stall timeout effective
        // while the body is read. Task.Run keeps the awaits off any caller's synchronization context, so
        // blocking here cannot deadlock a UI or Blazor thread.
        return Task.Run(() => DownloadAsync(client, url, destination, expectedMd5, stallTimeout, progress, ct), ct).GetAwaiter().GetResult();
    }

    private static async Task<string> DownloadAsync(HttpClient client, Uri url, string destination, string? expectedMd5, TimeSpan stallTimeout,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var part = destination + PartSuffix;
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            stall.CancelAfter(stallTimeout);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stall.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new CifarFormatException(url.ToString(),
                    $"Download of {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}. " +
                    "Check the address, or set the dataset source to a local cifar-10-binary.tar.gz or an extracted folder.");
            }
            var total = response.Content.Headers.ContentLength;
            var reporter = new ProgressReporter(progress, DownloadProgress.Download, total);
            using var md5 = FileHasher.CreateMd5();
            long done = 0;
            await using (var body = await response.Content.ReadAsStreamAsync(stall.Token))
            await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                reporter.Report(0, force: true);
                while (true)
                {
                    stall.CancelAfter(stallTimeout);
                    var read = await body.ReadAsync(buffer.AsMemory(), stall.Token);
                    if (read == 0)
                    {
                        break;
                    }
                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    done += read;
                    reporter.Report(done);
                }
                // On disk before the rename, so a power cut cannot leave a named but empty archive.
                file.Flush(flushToDisk: true);
            }
            reporter.Report(done, force: true);
            if (total is { } expected && done != expected)
            {
                throw new CifarFormatException(url.ToString(),
                    $"Download of {url} ended after {done} of {expected} bytes. Try again, or use a local copy of the archive.");
            }

            var actual = FileHasher.Hex(md5);
            progress?.Report(new DownloadProgress(DownloadProgress.Verify, done, done));
            if (expectedMd5 is not null && actual != expectedMd5)
            {
                throw new CifarFormatException(url.ToString(),
                    $"Checksum mismatch for the download from {url}: MD5 is {actual}, expected {expectedMd5}. " +
                    $"The file was discarded; try again, or check the URL and {DatasetOptions.Md5Setting} " +
                    $"(\"{DatasetOptions.SkipChecksum}\" takes any archive; the files inside are still checked one by one).");
            }
            File.Move(part, destination, overwrite: true);
            return actual;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CifarFormatException(url.ToString(),
                $"Download of {url} stalled: no data for {stallTimeout.TotalSeconds:0} s. Try again, raise the timeout, or use a local copy of the archive.", e);
        }
        catch (HttpRequestException e)
        {
            var status = e.StatusCode is { } s ? $"HTTP {(int)s}: " : string.Empty;
            throw new CifarFormatException(url.ToString(),
                $"Download of {url} failed: {status}{e.Message}. Check the network, or set the dataset source to a local archive or folder.", e);
        }
        catch (IOException e)
        {
            throw new CifarFormatException(url.ToString(),
                $"Download of {url} to '{part}' failed: {e.Message}. Try again, or use a local copy of the archive.", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            TryDelete(part);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover .part is harmless: it is never mistaken for an archive and is overwritten next time.
        }
    }
}

namespace CifarLab.Training.Data;

/// <summary>
/// Exclusive lock on a cache folder (an OS file lock, so it also holds across processes and is released
/// if the holder dies): two runs starting at once must not download or extract over each other.
/// </summary>
internal sealed class CacheLock : IDisposable
{
    private const string FileName = ".lock";
    private readonly FileStream _stream;

    private CacheLock(FileStream stream) => _stream = stream;

    public static CacheLock Acquire(string cache, CancellationToken ct)
    {
        var path = Path.Combine(cache, FileName);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return new CacheLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another run; it may be downloading for minutes, so wait rather than fail.
                ct.WaitHandle.WaitOne(200);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}

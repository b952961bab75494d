namespace CifarLab.Training.Checkpoints;

/// <summary>
/// Writes a file so that readers see either the old complete file or the new complete one,
/// never a torn write: write a sibling temp file, flush it to disk, then rename over the target.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}

namespace CifarLab.Training.Checkpoints;

/// <summary>
/// Writes a file so that readers see either the old complete file or the new complete one,
/// never a torn write: write a sibling temp file, flush it to disk, then rename over the target.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write, RunStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{CheckpointLayout.TempSuffix}");
        try
        {
            using (var stream = (storage ?? RunStorage.Disk).Create(tmp))
            {
                write(stream);
                if (stream is FileStream file)
                {
                    file.Flush(flushToDisk: true);
                }
                else
                {
                    stream.Flush();
                }
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

    public static void WriteAllText(string path, string text, RunStorage? storage = null) =>
        Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)), storage);
}

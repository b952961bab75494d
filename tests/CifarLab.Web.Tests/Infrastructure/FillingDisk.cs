using CifarLab.Training.Checkpoints;

namespace CifarLab.Web.Tests.Infrastructure;

/// <summary>
/// A disk that fills up: real files are written until the free bytes run out, then every write fails the way Linux
/// fails it (an IOException whose HResult is ENOSPC, 28, as .NET reports it) and the bytes written so far stay on
/// disk, as on a real full disk. It has room without limit until a test says how much is left, at once
/// (<see cref="FillUp"/>) or when a file whose path contains a given text is created (<see cref="FillUpWhenCreating"/>);
/// <see cref="Free"/> gives the space back.
/// </summary>
public sealed class FillingDisk : RunStorage
{
    public const int Enospc = 28;

    private readonly Lock _lock = new();
    private long? _free;
    private (string PathPart, long Free)? _trigger;

    public void FillUp(long freeBytes = 0)
    {
        lock (_lock)
        {
            _free = freeBytes;
        }
    }

    public void FillUpWhenCreating(string pathPart, long freeBytes)
    {
        lock (_lock)
        {
            _trigger = (pathPart, freeBytes);
        }
    }

    public void Free()
    {
        lock (_lock)
        {
            _free = null;
            _trigger = null;
        }
    }

    public override Stream Create(string path)
    {
        lock (_lock)
        {
            if (_trigger is { } t && path.Contains(t.PathPart, StringComparison.Ordinal))
            {
                _free = t.Free;
                _trigger = null;
            }
        }
        return new Counting(this, base.Create(path), path);
    }

    private void Take(int bytes, string path)
    {
        lock (_lock)
        {
            if (_free is { } free)
            {
                if (bytes > free)
                {
                    _free = 0;
                    throw new IOException($"No space left on device : '{path}'", Enospc);
                }
                _free = free - bytes;
            }
        }
    }

    private sealed class Counting(FillingDisk disk, Stream inner, string path) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            disk.Take(buffer.Length, path);
            inner.Write(buffer);
        }

        public override void WriteByte(byte value) => Write([value]);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

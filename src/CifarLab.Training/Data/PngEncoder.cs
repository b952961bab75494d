using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CifarLab.Training.Data;

/// <summary>Minimal PNG writer for small RGB images (8-bit truecolour, no filtering, one IDAT chunk).</summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Encodes an image given as three planes (all red bytes, then green, then blue, each row-major),
    /// the CIFAR layout, enlarged <paramref name="scale"/> times by pixel repetition.
    /// </summary>
    public static byte[] EncodeRgbPlanes(ReadOnlySpan<byte> planes, int width, int height, int scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 64);
        var plane = width * height;
        if (planes.Length != 3 * plane)
        {
            throw new ArgumentException($"Expected {3 * plane} bytes (3 planes of {width}x{height}); got {planes.Length}.", nameof(planes));
        }

        int outW = width * scale, outH = height * scale;
        var stride = 1 + 3 * outW; // leading filter-type byte per scanline
        var scanlines = new byte[stride * outH];
        for (var y = 0; y < outH; y++)
        {
            var row = scanlines.AsSpan(y * stride, stride);
            row[0] = 0; // filter: none
            var src = (y / scale) * width;
            for (var x = 0; x < outW; x++)
            {
                var p = src + x / scale;
                row[1 + 3 * x] = planes[p];
                row[2 + 3 * x] = planes[plane + p];
                row[3 + 3 * x] = planes[2 * plane + p];
            }
        }

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, outW);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], outH);
        header[8] = 8;  // bits per sample
        header[9] = 2;  // colour type: truecolour RGB
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", Compress(scanlines));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte[] Compress(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }
        return buffer.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        // The chunk CRC covers the type and the data, not the length.
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
        output.Write(word);
    }
}

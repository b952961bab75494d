using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;

namespace CifarLab.Training.Tests.Data;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }

    [Fact]
    public void Png_has_signature_header_valid_crcs_and_the_pixels()
    {
        var planes = new byte[3 * 32 * 32];
        new Random(3).NextBytes(planes);
        var png = PngEncoder.EncodeRgbPlanes(planes, 32, 32, scale: 2);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = ReadChunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var ihdr = chunks[0].Data;
        Assert.Equal(64, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(64, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, ihdr[8..]);
        // The IEND CRC is the same in every PNG file: an independent check of the CRC routine.
        Assert.Equal(0xAE426082u, chunks[2].Crc);

        var raw = Inflate(chunks[1].Data);
        Assert.Equal(64 * (1 + 64 * 3), raw.Length);
        for (var y = 0; y < 64; y++)
        {
            Assert.Equal(0, raw[y * 193]);
            for (var x = 0; x < 64; x++)
            {
                var p = (y / 2) * 32 + x / 2;
                var at = y * 193 + 1 + 3 * x;
                Assert.Equal((planes[p], planes[1024 + p], planes[2048 + p]), (raw[at], raw[at + 1], raw[at + 2]));
            }
        }
    }

    [Fact]
    public void Dataset_image_png_encodes_the_split_image()
    {
        using var dir = new TempDir();
        var folder = CifarWriter.WriteSynthetic(dir.Combine("syn"), 10, 5, seed: 2);
        using var data = CifarDataset.Load(folder);
        var png = CifarDataset.ImagePng(data.Test, 3);
        var raw = Inflate(ReadChunks(png)[1].Data);
        var planes = data.Test.Images[3].bytes.ToArray();
        Assert.Equal(planes[0], raw[1]);
        Assert.Equal(planes[1024 + 31], raw[1 + 31 * 3 + 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => CifarDataset.ImagePng(data.Test, 5));
    }

    private static List<(string Type, byte[] Data, uint Crc)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[], uint)>();
        var at = 8;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length).ToArray();
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(at + 4, 4 + length)), crc);
            chunks.Add((type, data, crc));
            at += 12 + length;
        }
        return chunks;
    }

    private static byte[] Inflate(byte[] data)
    {
        using var z = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        z.CopyTo(output);
        return output.ToArray();
    }
}

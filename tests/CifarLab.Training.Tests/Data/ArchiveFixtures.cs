using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using CifarLab.Training.Data;

namespace CifarLab.Training.Tests.Data;

/// <summary>Builds small .tar.gz archives, well-formed or hostile, for the extraction tests.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "Test computes the same MD5 the dataset publisher uses.")]
internal static class ArchiveFixtures
{
    public sealed record Entry(string Name, byte[]? Data = null, TarEntryType Type = TarEntryType.RegularFile, string? LinkName = null);

    /// <summary>A synthetic dataset folder and its official-layout archive, both under <paramref name="root"/>.</summary>
    public static string SyntheticArchive(string root, int train = 25, int test = 10, int seed = 1, string name = "cifar.tar.gz")
    {
        var folder = CifarWriter.WriteSynthetic(Path.Combine(root, "src-" + seed), train, test, seed);
        var archive = Path.Combine(root, name);
        CifarWriter.WriteArchive(folder, archive);
        return archive;
    }

    /// <summary>The entries of a valid small dataset (under cifar-10-batches-bin/), to mix hostile entries into.</summary>
    public static List<Entry> ValidEntries(int recordsPerFile = 2, byte label = 3)
    {
        var record = new byte[CifarLayout.RecordBytes];
        var entries = new List<Entry>();
        foreach (var file in CifarLayout.BatchFiles)
        {
            var data = new byte[recordsPerFile * CifarLayout.RecordBytes];
            for (var i = 0; i < recordsPerFile; i++)
            {
                record[0] = label;
                record.AsSpan(1).Fill((byte)(i + 7));
                record.CopyTo(data, i * CifarLayout.RecordBytes);
            }
            entries.Add(new Entry($"{CifarLayout.FolderName}/{file}", data));
        }
        entries.Add(new Entry($"{CifarLayout.FolderName}/{CifarLayout.MetaFile}", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"u8.ToArray()));
        return entries;
    }

    public static void Write(string path, IEnumerable<Entry> entries)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var e in entries)
        {
            var entry = new PaxTarEntry(e.Type, e.Name);
            if (e.LinkName is not null)
            {
                entry.LinkName = e.LinkName;
            }
            if (e.Data is not null)
            {
                entry.DataStream = new MemoryStream(e.Data);
            }
            tar.WriteEntry(entry);
        }
    }

    public static string Md5(string path) => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path)));
}

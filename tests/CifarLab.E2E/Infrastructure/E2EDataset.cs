using System.Formats.Tar;
using System.IO.Compression;
using CifarLab.Training.Data;

namespace CifarLab.E2E.Infrastructure;

/// <summary>
/// The tiny CIFAR-10 folder every app under test trains on, made once per test process: the first
/// images of each batch of the shared offline archive (real photos) when it is there, otherwise
/// learnable synthetic images from the engine's writer. Read-only for the apps. Either way it is not the official
/// data (the batch files are cut short), so the apps run with Dataset:AllowUnofficial and label their runs so.
/// </summary>
public static class E2EDataset
{
    /// <summary>Training images (spread over the five batch files, like the real layout).</summary>
    public const int TrainCount = 500;

    public const int TestCount = 200;

    private static readonly Lazy<(string Folder, string Origin)> Made = new(Make);

    public static string Folder => Made.Value.Folder;

    /// <summary>Where the images came from, for logs and failure messages.</summary>
    public static string Origin => Made.Value.Origin;

    /// <summary>CIFARLAB_E2E_ARCHIVE, else shared/datasets/cifar10/cifar-10-binary.tar.gz beside the clone.</summary>
    public static string ArchivePath =>
        Environment.GetEnvironmentVariable("CIFARLAB_E2E_ARCHIVE") is { Length: > 0 } a
            ? Path.GetFullPath(a)
            : Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "datasets", "cifar10", "cifar-10-binary.tar.gz"));

    /// <summary>Where the datasets and the apps' folders of this and earlier test runs live.</summary>
    public static string TempRoot => Path.Combine(Path.GetTempPath(), "cifarlab-e2e");

    private static (string, string) Make()
    {
        RemoveStale();
        var folder = Path.Combine(TempRoot, $"dataset-{Environment.ProcessId}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
        if (File.Exists(ArchivePath))
        {
            Subset(ArchivePath, folder);
            return (folder, $"the first {TrainCount}+{TestCount} images of {ArchivePath}");
        }
        CifarWriter.WriteSynthetic(folder, TrainCount, TestCount, seed: 11);
        return (folder, $"{TrainCount}+{TestCount} synthetic images ({ArchivePath} is absent)");
    }

    /// <summary>Streams the archive once, keeping the first records of every batch file.</summary>
    private static void Subset(string archive, string folder)
    {
        var perTrainFile = TrainCount / CifarLayout.TrainFiles.Count;
        var written = new HashSet<string>();
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var name = Path.GetFileName(entry.Name);
            if (entry.DataStream is null || name.Length == 0)
            {
                continue;
            }
            var target = Path.Combine(folder, name);
            if (name == CifarLayout.MetaFile)
            {
                using var output = File.Create(target);
                entry.DataStream.CopyTo(output);
            }
            else if (name == CifarLayout.TestFile || CifarLayout.TrainFiles.Contains(name))
            {
                var count = name == CifarLayout.TestFile ? TestCount : perTrainFile;
                var records = new byte[count * CifarLayout.RecordBytes];
                entry.DataStream.ReadExactly(records);
                File.WriteAllBytes(target, records);
            }
            else
            {
                continue;
            }
            written.Add(name);
        }
        var missing = CifarLayout.BatchFiles.Where(f => !written.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{archive} lacks {string.Join(", ", missing)}.");
        }
    }

    /// <summary>Folders a killed test run left behind (a day old or more).</summary>
    private static void RemoveStale()
    {
        if (!Directory.Exists(TempRoot))
        {
            return;
        }
        foreach (var dir in Directory.GetDirectories(TempRoot))
        {
            if (Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddDays(-1))
            {
                TryDelete(dir);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

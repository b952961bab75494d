namespace CifarLab.Training.Tests.TestSupport;

/// <summary>Finds the offline CIFAR-10 archive in shared/ beside (or above) the repository.</summary>
public static class SharedDataset
{
    public const string RelativeArchive = "shared/datasets/cifar10/cifar-10-binary.tar.gz";

    public static string ArchivePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativeArchive);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(
            $"The shared CIFAR-10 archive ({RelativeArchive}) was not found in any folder above {AppContext.BaseDirectory}; " +
            "the repository expects shared/ beside its clone.");
    }
}

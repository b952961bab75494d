namespace CifarLab.Training.Tests.TestSupport;

/// <summary>Finds the offline CIFAR-10 archive (the official files) in shared/ beside (or above) the repository.</summary>
public static class SharedDataset
{
    public const string RelativeArchive = "shared/datasets/cifar10/cifar-10-binary.tar.gz";

    /// <summary>Why tests that need the archive are skipped where it is absent.</summary>
    public static string MissingReason =>
        $"The shared CIFAR-10 archive ({RelativeArchive}) is not in any folder above {AppContext.BaseDirectory}; " +
        "put shared/ beside the clone to run the tests on the official data.";

    public static string? TryArchivePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativeArchive);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static string ArchivePath() => TryArchivePath() ?? throw new FileNotFoundException(MissingReason);
}

/// <summary>
/// A fact that needs the shared archive: reported as skipped, with <see cref="SharedDataset.MissingReason"/>, where
/// the archive is absent, rather than failing or passing without testing anything. (xunit 2 skips only through the
/// attribute, so the archive is looked for when the tests are discovered.)
/// </summary>
public sealed class SharedArchiveFactAttribute : FactAttribute
{
    public SharedArchiveFactAttribute()
    {
        if (SharedDataset.TryArchivePath() is null)
        {
            Skip = SharedDataset.MissingReason;
        }
    }
}

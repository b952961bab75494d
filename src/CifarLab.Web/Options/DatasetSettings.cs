using CifarLab.Training.Data;

namespace CifarLab.Web.Options;

/// <summary>
/// Where CIFAR-10 comes from, where it is unpacked and what is accepted: the "Dataset" section, which
/// <see cref="DatasetConfiguration.Read"/> binds to the engine's <see cref="DatasetOptions"/> for both hosts (paths
/// resolved in <see cref="Extensions.LabPaths"/>), so the web app and the CLI read the same keys and the same
/// environment overrides (Dataset__Source, Dataset__Md5, ...). Meanings: <see cref="DatasetOptions"/>.
/// </summary>
public sealed class DatasetSettings
{
    public const string Section = DatasetOptions.Section;

    /// <summary>
    /// The cifar-10-binary.tar.gz archive: an http(s) URL, or a local file path (relative to the content
    /// root). Empty means the engine's default (the official download URL).
    /// </summary>
    public string? Source { get; set; }

    /// <summary>Folder for the download and the extracted files; empty means &lt;DataDirectory&gt;/datasets.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The archive's exact MD5; empty checks only downloads from the official URL; "skip" checks no archive.</summary>
    public string? Md5 { get; set; }

    /// <summary>Accept data that is not the official CIFAR-10 files; its runs are labelled "unofficial data".</summary>
    public bool AllowUnofficial { get; set; }

    /// <summary>Seconds a stalled download may wait for the server before it is abandoned.</summary>
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>Fetch and extract the dataset in the background when the app starts.</summary>
    public bool PrepareOnStartup { get; set; }
}

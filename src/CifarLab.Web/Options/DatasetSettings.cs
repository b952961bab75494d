namespace CifarLab.Web.Options;

/// <summary>Where CIFAR-10 comes from and where it is unpacked.</summary>
public sealed class DatasetSettings
{
    public const string Section = "Dataset";

    /// <summary>
    /// The cifar-10-binary.tar.gz archive: an http(s) URL, or a local file path (relative to the content
    /// root). Empty means the engine's default (the official download URL).
    /// </summary>
    public string? Source { get; set; }

    /// <summary>Folder the dataset is extracted into; empty means &lt;DataDirectory&gt;/datasets.</summary>
    public string? Directory { get; set; }

    /// <summary>Expected archive MD5; empty accepts the official archive and the offline copy, "skip" checks nothing.</summary>
    public string? Md5 { get; set; }

    /// <summary>Seconds a stalled download may wait for the server before it is abandoned.</summary>
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>Fetch and extract the dataset in the background when the app starts.</summary>
    public bool PrepareOnStartup { get; set; }
}

namespace CifarLab.Training.Data;

/// <summary>
/// Where CIFAR-10 comes from and where it is cached. Relative paths are taken as given
/// (relative to the process's current directory); callers resolve them against their own root.
/// </summary>
public sealed record DatasetOptions
{
    public const string OfficialUrl = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

    /// <summary>MD5 of the official binary archive at <see cref="OfficialUrl"/>.</summary>
    public const string OfficialMd5 = "c32a1d4ab5d03f1284b67883e8d87530";

    /// <summary>MD5 of the offline, JPEG-degraded copy shipped under shared/datasets/cifar10.</summary>
    public const string OfflineCopyMd5 = "5365597dbd6c2b961671d0db691e6280";

    /// <summary>Value of <see cref="Md5"/> that turns the checksum check off.</summary>
    public const string SkipChecksum = "skip";

    /// <summary>Archive checksums accepted when <see cref="Md5"/> is null.</summary>
    public static IReadOnlyList<string> KnownMd5s { get; } = [OfficialMd5, OfflineCopyMd5];

    /// <summary>
    /// An http(s) URL of the binary .tar.gz, a local .tar.gz path, or an extracted folder holding the
    /// six .bin files directly or under cifar-10-batches-bin/.
    /// </summary>
    public string Source { get; init; } = OfficialUrl;

    /// <summary>Folder for downloads and the extracted cifar-10-batches-bin/.</summary>
    public string CacheDirectory { get; init; } = "data/datasets";

    /// <summary>
    /// Expected archive MD5 as hex; null accepts any of <see cref="KnownMd5s"/>; "skip" checks nothing.
    /// Not used for folder sources (there is no archive to check).
    /// </summary>
    public string? Md5 { get; init; }

    /// <summary>
    /// Seconds a download may wait for the server (response headers, or the next piece of the body)
    /// before it is abandoned. It bounds a stall, not the whole transfer, so slow links still finish.
    /// </summary>
    public int TimeoutSeconds { get; init; } = 600;
}

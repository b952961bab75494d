namespace CifarLab.Contract;

/// <summary>
/// Where CIFAR-10 comes from and where it is cached. Relative paths are taken as given
/// (relative to the process's current directory); callers resolve them against their own root.
/// </summary>
public sealed record DatasetOptions
{
    public const string OfficialUrl = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

    /// <summary>Value of <see cref="Md5"/> that turns the archive checksum check off.</summary>
    public const string SkipChecksum = "skip";

    /// <summary>The configuration section the web app and the CLI read these options from (appsettings.json, Dataset__* variables).</summary>
    public const string Section = "Dataset";

    /// <summary>The configuration key of <see cref="Md5"/>; messages name it.</summary>
    public const string Md5Setting = Section + ":" + nameof(Md5);

    /// <summary>The configuration key of <see cref="AllowUnofficial"/> (Dataset__AllowUnofficial in the environment); messages name it.</summary>
    public const string AllowUnofficialSetting = Section + ":" + nameof(AllowUnofficial);

    /// <summary>The CLI's form of <see cref="AllowUnofficialSetting"/>, for commands that take --data.</summary>
    public const string AllowUnofficialFlag = "--allow-unofficial";

    /// <summary>
    /// An http(s) URL of the binary .tar.gz, a local .tar.gz path, or an extracted folder holding the
    /// six .bin files directly or under cifar-10-batches-bin/.
    /// </summary>
    public string Source { get; init; } = OfficialUrl;

    /// <summary>Folder for downloads, the extracted cifar-10-batches-bin/ and the verdicts on folder sources.</summary>
    public string CacheDirectory { get; init; } = "data/datasets";

    /// <summary>
    /// Checks the archive wrapper, not the data (which <see cref="AllowUnofficial"/> governs): an exact MD5 as hex
    /// that the archive (downloaded or local) must have; "skip" checks no archive; null checks only a download from
    /// <see cref="OfficialUrl"/>, against the official archive MD5 (the engine's OfficialChecksums.ArchiveMd5). Not used for folder sources.
    /// </summary>
    public string? Md5 { get; init; }

    /// <summary>
    /// False (the default) accepts only data whose six batch files are the official ones (the engine's OfficialChecksums),
    /// whatever archive or folder they come from. True also accepts other data (a subset, a generated set, another
    /// copy); it is then reported as unofficial, and every run and result made from it is labelled "unofficial data".
    /// </summary>
    public bool AllowUnofficial { get; init; }

    /// <summary>
    /// Seconds a download may wait for the server (response headers, or the next piece of the body)
    /// before it is abandoned. It bounds a stall, not the whole transfer, so slow links still finish.
    /// </summary>
    public int TimeoutSeconds { get; init; } = 600;
}

namespace CifarLab.Training.Data;

internal enum SourceKind { Url, Archive, Folder, Missing }

/// <summary>What <see cref="DatasetOptions.Source"/> points at, judged once per call.</summary>
internal sealed record DatasetSource(SourceKind Kind, string Location)
{
    public static DatasetSource Resolve(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var value = source.Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            {
                return new DatasetSource(SourceKind.Url, uri.AbsoluteUri);
            }
            if (uri.IsFile)
            {
                value = uri.LocalPath;
            }
        }
        var full = Path.GetFullPath(value);
        if (Directory.Exists(full))
        {
            return new DatasetSource(SourceKind.Folder, full);
        }
        return new DatasetSource(File.Exists(full) ? SourceKind.Archive : SourceKind.Missing, full);
    }

    /// <summary>The publisher's own address, the one source whose archive checksum is known without configuring it.</summary>
    public bool IsOfficialUrl => Kind == SourceKind.Url && Location == new Uri(DatasetOptions.OfficialUrl).AbsoluteUri;

    /// <summary>Where a download of this URL is kept: the URL's file name inside the cache.</summary>
    public string DownloadPath(string cache)
    {
        var name = Path.GetFileName(new Uri(Location).AbsolutePath);
        var usable = name.Length > 0 && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && !name.StartsWith('.');
        return Path.Combine(cache, usable ? name : "cifar-10-binary.tar.gz");
    }

    public static CifarFormatException NotFound(string location) => new(location,
        $"Dataset source '{location}' does not exist. Set it to an http(s) URL of cifar-10-binary.tar.gz, " +
        "a local cifar-10-binary.tar.gz, or a folder with the six CIFAR-10 .bin files (directly or under cifar-10-batches-bin/).");
}

using Microsoft.Extensions.Configuration;

namespace CifarLab.Contract;

/// <summary>
/// Reads the "Dataset" configuration section into <see cref="DatasetOptions"/> with the configuration binder, the one
/// way both hosts do it: the web host from its own configuration, the CLI from the same sources (the repository's
/// appsettings.json, Dataset__* environment variables, its options). Relative paths are resolved against the
/// content root (<see cref="ContentRoot"/>), empty values mean the defaults.
/// </summary>
public static class DatasetConfiguration
{
    /// <summary>The key of the folder for all runtime state; the dataset cache defaults to &lt;it&gt;/datasets.</summary>
    public const string DataDirectoryKey = "Storage:DataDirectory";

    public const string DefaultDataDirectory = "data";

    /// <summary>Storage:DataDirectory, absolute.</summary>
    public static string DataDirectory(IConfiguration configuration, string root)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[DataDirectoryKey];
        return ContentRoot.Resolve(root, string.IsNullOrWhiteSpace(configured) ? DefaultDataDirectory : configured);
    }

    /// <summary>
    /// The Dataset section bound to <see cref="DatasetOptions"/>: Source (a URL as given, a path resolved against
    /// <paramref name="root"/>; empty means <see cref="DatasetOptions.OfficialUrl"/>), CacheDirectory (resolved; empty
    /// means &lt;<paramref name="dataDirectory"/>&gt;/datasets), Md5 (empty means null), AllowUnofficial, TimeoutSeconds.
    /// A value the binder cannot convert throws <see cref="InvalidOperationException"/> naming the key, as it does in the web host.
    /// </summary>
    public static DatasetOptions Read(IConfiguration configuration, string root, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var bound = configuration.GetSection(DatasetOptions.Section).Get<DatasetOptions>() ?? new DatasetOptions();
        var cache = configuration[$"{DatasetOptions.Section}:{nameof(DatasetOptions.CacheDirectory)}"];
        return bound with
        {
            Source = ResolveSource(root, bound.Source),
            CacheDirectory = string.IsNullOrWhiteSpace(cache)
                ? Path.Combine(dataDirectory ?? DataDirectory(configuration, root), "datasets")
                : ContentRoot.Resolve(root, cache),
            Md5 = string.IsNullOrWhiteSpace(bound.Md5) ? null : bound.Md5.Trim(),
        };
    }

    /// <summary>An http(s) URL as given; a file or folder path resolved against <paramref name="root"/>; empty: the official URL.</summary>
    public static string ResolveSource(string root, string? source) =>
        string.IsNullOrWhiteSpace(source) ? DatasetOptions.OfficialUrl
        : source.Contains("://", StringComparison.Ordinal) ? source
        : ContentRoot.Resolve(root, source);
}

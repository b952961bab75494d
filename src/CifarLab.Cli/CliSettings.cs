using System.Text.Json;
using CifarLab.Training.Data;

namespace CifarLab.Cli;

/// <summary>
/// Where the CLI finds its data and how it checks it: a command-line option beats the environment variable
/// (Dataset__Source, ...) beats the repository's appsettings.json (Dataset:Source, ...), so the CLI and the web
/// app agree by default.
/// </summary>
public static class CliSettings
{

    /// <summary>CIFARLAB_ROOT, else the folder holding CifarLab.sln above the working directory or the app, else the working directory.</summary>
    public static string RepoRoot()
    {
        if (System.Environment.GetEnvironmentVariable("CIFARLAB_ROOT") is { Length: > 0 } explicitRoot)
        {
            return Path.GetFullPath(explicitRoot);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CifarLab.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return Directory.GetCurrentDirectory();
    }

    /// <summary>
    /// The dataset options: <paramref name="dataArg"/> (--data) for the source and <paramref name="allowUnofficialArg"/>
    /// (--allow-unofficial) for <see cref="DatasetOptions.AllowUnofficial"/> win over the environment and appsettings.json.
    /// </summary>
    public static DatasetOptions Dataset(string? dataArg, bool? allowUnofficialArg = null, string? cacheArg = null)
    {
        var root = RepoRoot();
        var fromFile = ReadAppSettings(root);
        string? Setting(string key) => System.Environment.GetEnvironmentVariable($"{DatasetOptions.Section}__{key}") ?? fromFile.GetValueOrDefault(key);
        var source = dataArg ?? Setting(nameof(DatasetOptions.Source)) ?? DatasetOptions.OfficialUrl;
        var cache = cacheArg ?? Setting(nameof(DatasetOptions.CacheDirectory)) ?? "data/datasets";
        return new DatasetOptions
        {
            Source = IsUrl(source) ? source : Path.GetFullPath(source, root),
            CacheDirectory = Path.GetFullPath(cache, root),
            Md5 = Setting(nameof(DatasetOptions.Md5)) is { Length: > 0 } md5 ? md5 : null,
            AllowUnofficial = allowUnofficialArg ?? ParseBool(Setting(nameof(DatasetOptions.AllowUnofficial)), DatasetOptions.AllowUnofficialSetting),
        };
    }

    private static bool ParseBool(string? value, string name) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => false,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new Options.UsageException($"{name} takes true or false (got '{value}')."),
    };

    private static bool IsUrl(string s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string> ReadAppSettings(string root)
    {
        var path = Path.Combine(root, "appsettings.json");
        var result = new Dictionary<string, string>();
        if (!File.Exists(path))
        {
            return result;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (doc.RootElement.TryGetProperty(DatasetOptions.Section, out var ds) && ds.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in ds.EnumerateObject())
            {
                // Strings, and booleans such as "AllowUnofficial": true, read as the environment would give them.
                if (p.Value.ValueKind is JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)
                {
                    result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString().ToLowerInvariant();
                }
            }
        }
        return result;
    }
}

using System.Text.Json;
using CifarLab.Training.Data;

namespace CifarLab.Cli;

/// <summary>
/// Where the CLI finds its data: --data beats the Dataset__Source environment variable beats the repository's
/// appsettings.json (Dataset:Source), so the CLI and the web app agree by default.
/// </summary>
public static class CliSettings
{
    public const string OfficialUrl = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

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

    public static DatasetOptions Dataset(string? dataArg, string? cacheArg = null)
    {
        var root = RepoRoot();
        var fromFile = ReadAppSettings(root);
        var source = dataArg
            ?? System.Environment.GetEnvironmentVariable("Dataset__Source")
            ?? fromFile.GetValueOrDefault("Source")
            ?? OfficialUrl;
        var cache = cacheArg
            ?? System.Environment.GetEnvironmentVariable("Dataset__CacheDirectory")
            ?? fromFile.GetValueOrDefault("CacheDirectory")
            ?? "data/datasets";
        return new DatasetOptions
        {
            Source = IsUrl(source) ? source : Path.GetFullPath(source, root),
            CacheDirectory = Path.GetFullPath(cache, root),
            Md5 = fromFile.GetValueOrDefault("Md5"),
        };
    }

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
        if (doc.RootElement.TryGetProperty("Dataset", out var ds) && ds.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in ds.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                result[p.Name] = p.Value.GetString()!;
            }
        }
        return result;
    }
}

namespace CifarLab.Contract;

/// <summary>
/// The repository root, which is every host's content root: appsettings.json, wwwroot/ and data/ live there, not in a
/// project folder. The web host and the CLI both find it here, so they read the same settings and the same data.
/// </summary>
public static class ContentRoot
{
    /// <summary>The environment variable that names the root explicitly.</summary>
    public const string Variable = "CIFARLAB_ROOT";

    /// <summary>The file that marks the repository root.</summary>
    public const string Marker = "CifarLab.sln";

    /// <summary>
    /// CIFARLAB_ROOT wins; else the first folder above the working directory or the binaries holding CifarLab.sln;
    /// else the binaries' folder (a published app carries appsettings.json and wwwroot/ along).
    /// </summary>
    public static string Find()
    {
        var fromEnv = System.Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }
        return WalkUp(Directory.GetCurrentDirectory())
            ?? WalkUp(AppContext.BaseDirectory)
            ?? AppContext.BaseDirectory;
    }

    /// <summary>A configured path made absolute: relative paths are taken from <paramref name="root"/>.</summary>
    public static string Resolve(string root, string path) => Path.GetFullPath(Path.Combine(root, path));

    private static string? WalkUp(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}

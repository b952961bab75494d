namespace CifarLab.Web.Extensions;

/// <summary>
/// Finds the repository root, which is the host's content root: appsettings.json and wwwroot/ live
/// there, not in the project folder (see docs/ARCHITECTURE.md).
/// </summary>
public static class HostPaths
{
    public const string RootVariable = "CIFARLAB_ROOT";
    private const string Marker = "CifarLab.sln";

    /// <summary>CIFARLAB_ROOT wins; else the first folder above the working directory or the binaries
    /// holding CifarLab.sln; else the binaries' folder (a published app carries its files along).</summary>
    public static string FindRoot()
    {
        var fromEnv = System.Environment.GetEnvironmentVariable(RootVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }
        return WalkUp(Directory.GetCurrentDirectory())
            ?? WalkUp(AppContext.BaseDirectory)
            ?? AppContext.BaseDirectory;
    }

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

    public static WebApplicationOptions Options(string[] args)
    {
        var root = FindRoot();
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
        };
    }
}

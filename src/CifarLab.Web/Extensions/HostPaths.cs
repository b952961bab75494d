namespace CifarLab.Web.Extensions;

/// <summary>
/// Finds the repository root, which is the host's content root: appsettings.json and wwwroot/ live
/// there, not in the project folder (see docs/ARCHITECTURE.md).
/// </summary>
public static class HostPaths
{
    public const string RootVariable = ContentRoot.Variable;

    /// <summary>The repository root, found as the CLI finds it: <see cref="ContentRoot.Find"/>.</summary>
    public static string FindRoot() => ContentRoot.Find();

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

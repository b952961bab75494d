using System.Reflection;

namespace CifarLab.E2E.Infrastructure;

/// <summary>Paths of the repository and of the web app built alongside this test project.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The web app's entry assembly, built by this project's build (same configuration).</summary>
    public static string WebAppDll
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("CIFARLAB_E2E_WEB_DLL");
            if (!string.IsNullOrWhiteSpace(overridden))
            {
                return Path.GetFullPath(overridden);
            }
            var configuration = Metadata("CifarLab.Web.Configuration");
            var framework = Metadata("CifarLab.Web.TargetFramework");
            return Path.Combine(Root, "src", "CifarLab.Web", "bin", configuration, framework, "CifarLab.Web.dll");
        }
    }

    /// <summary>Git-ignored output of the tests (screenshots, app logs).</summary>
    public static string Artifacts => Path.Combine(Root, "artifacts");

    private static string Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing (see CifarLab.E2E.csproj).");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CifarLab.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No CifarLab.sln above {AppContext.BaseDirectory}.");
    }
}

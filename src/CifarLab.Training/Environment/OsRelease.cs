namespace CifarLab.Training.Environment;

/// <summary>The few fields of /etc/os-release that decide which fix to print.</summary>
public sealed record OsRelease(string Id, string VersionCodename, string PrettyName)
{
    public static OsRelease Current() => Read("/etc/os-release");

    public static OsRelease Read(string path)
    {
        if (!File.Exists(path))
        {
            return new OsRelease(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "unknown", "", System.Runtime.InteropServices.RuntimeInformation.OSDescription);
        }
        var fields = File.ReadAllLines(path)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim())
            .ToDictionary(g => g.Key, g => g.First()[1].Trim().Trim('"'));
        return new OsRelease(
            fields.GetValueOrDefault("ID", "unknown"),
            fields.GetValueOrDefault("VERSION_CODENAME", ""),
            fields.GetValueOrDefault("PRETTY_NAME", "unknown"));
    }
}

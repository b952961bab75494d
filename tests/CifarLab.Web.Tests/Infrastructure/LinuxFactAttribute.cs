namespace CifarLab.Web.Tests.Infrastructure;

/// <summary>A fact that reads Linux's /proc: skipped, with the reason, elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Reads /proc/<pid>/maps, which only Linux has.";
        }
    }
}

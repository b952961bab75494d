namespace CifarLab.Training.Tests.Bench;

/// <summary>A fact that reads something only Linux has (/proc): skipped with a reason elsewhere, never passed
/// without running (xunit 2 decides skips from the attribute, as <c>SharedArchiveFact</c> does).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Reads /proc/self/status, which only Linux has.";
        }
    }
}

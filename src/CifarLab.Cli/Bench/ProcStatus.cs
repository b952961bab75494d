using System.Globalization;

namespace CifarLab.Cli.Bench;

/// <summary>
/// Resident-memory figures of this process from /proc/self/status (Linux, proc(5)): VmRSS is the current
/// resident set, VmHWM its high-water mark. Native tensor memory is invisible to the .NET GC, so RSS is the
/// only number that shows a libtorch leak.
/// </summary>
public sealed record ProcStatus(long? RssKiB, long? PeakRssKiB)
{
    public const string SelfPath = "/proc/self/status";

    /// <summary>Writing "5" to clear_refs resets VmHWM to the current RSS (Linux 4.0+, proc(5)).</summary>
    private const string ClearRefsPath = "/proc/self/clear_refs";

    public double? RssMiB => RssKiB / 1024.0;
    public double? PeakRssMiB => PeakRssKiB / 1024.0;

    /// <summary>Parses the text of a status file; fields that are absent (non-Linux, kernel threads) stay null.</summary>
    public static ProcStatus Parse(string statusText)
    {
        ArgumentNullException.ThrowIfNull(statusText);
        long? rss = null, hwm = null;
        foreach (var line in statusText.Split('\n'))
        {
            if (TryField(line, "VmRSS:", out var v)) rss = v;
            else if (TryField(line, "VmHWM:", out v)) hwm = v;
        }
        return new ProcStatus(rss, hwm);
    }

    /// <summary>This process's figures, or nulls where /proc is unavailable.</summary>
    public static ProcStatus ReadSelf() =>
        File.Exists(SelfPath) ? Parse(File.ReadAllText(SelfPath)) : new ProcStatus(null, null);

    /// <summary>Starts a new peak measurement; false when the kernel does not allow it (the peak then stays process-wide).</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText(ClearRefsPath, "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Lines look like "VmRSS:\t  123456 kB".
    private static bool TryField(string line, string key, out long kib)
    {
        kib = 0;
        if (!line.StartsWith(key, StringComparison.Ordinal)) return false;
        var parts = line[key.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[1] == "kB"
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out kib);
    }
}

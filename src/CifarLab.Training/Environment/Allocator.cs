namespace CifarLab.Training.Environment;

/// <summary>
/// Which malloc serves libtorch's allocations in this process. It matters as much as the precision on the CPU
/// (docs/RECIPES.md, "On these CPUs"; docs/BENCHMARKS.md): glibc maps each large activation freshly and page-faults it
/// in again every step, tcmalloc keeps and reuses it. An allocator must be in place before the process starts, so
/// the launch scripts preload tcmalloc (scripts/allocator.sh); this only reports what they achieved.
/// </summary>
public static class Allocator
{
    private static readonly Lazy<string?> Preloaded = new(() => FindPreloaded(ReadMaps()));

    /// <summary>"tcmalloc" or "jemalloc" when one is loaded into the process, else null (glibc malloc).</summary>
    public static string? PreloadedName => Preloaded.Value is { } path ? NameOf(path) : null;

    /// <summary>One line for doctor and benchmark reports.</summary>
    public static string Describe => Preloaded.Value is { } path
        ? $"{NameOf(path)} ({path})"
        : "glibc malloc (start through scripts/cifarlab or scripts/run.sh to preload tcmalloc: ~1.2-1.9x faster CPU training)";

    /// <summary>The path of the first tcmalloc or jemalloc library in a /proc/PID/maps listing, or null.</summary>
    internal static string? FindPreloaded(string? maps)
    {
        if (maps is null)
        {
            return null;
        }
        foreach (var line in maps.Split('\n'))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }
            var path = line[slash..].Trim();
            var file = Path.GetFileName(path);
            if (file.StartsWith("libtcmalloc", StringComparison.Ordinal) || file.StartsWith("libjemalloc", StringComparison.Ordinal))
            {
                return path;
            }
        }
        return null;
    }

    private static string NameOf(string path) => Path.GetFileName(path).StartsWith("libjemalloc", StringComparison.Ordinal) ? "jemalloc" : "tcmalloc";

    private static string? ReadMaps()
    {
        try
        {
            return OperatingSystem.IsLinux() ? File.ReadAllText("/proc/self/maps") : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Runtime.InteropServices;

namespace CifarLab.Training.Environment;

/// <summary>
/// glibc's malloc_trim(0): hands free heap pages back to the kernel. libtorch frees tensors into glibc's heap, which
/// keeps much of that memory mapped for reuse, so RSS read right after a run swings by tens of MiB with the
/// allocator's bookkeeping. Trimming first leaves RSS to what is still allocated, the figure a leak raises. The web
/// host trims after every run (NativeTuning tells glibc never to trim by itself, so a long-lived process would keep
/// every arena's high-water mark; with tcmalloc preloaded this finds nothing to do).
/// </summary>
public static class NativeHeap
{
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);

    /// <summary>True when glibc released memory; false when nothing was released or this is not glibc.</summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl and other C libraries have no malloc_trim
        }
    }
}

using System.Runtime.InteropServices;

namespace CifarLab.Training.Environment;

/// <summary>
/// Process-wide settings for libtorch on Linux, applied once before libtorch loads. Measured with
/// `cifarlab bench` (docs/BENCHMARKS.md): glibc maps every block over 32 MiB freshly and unmaps it
/// on free, so each training step page-faults its activations in again (~190k faults per
/// airbench94 step); keeping freed memory in the process made a step ~39% faster. OpenMP threads
/// that spin while waiting starve everything else on a shared machine (the web server, a second
/// run): a passive wait policy is the default unless the user set one.
/// With tcmalloc or jemalloc preloaded (the launch scripts do it, see <see cref="Allocator"/>) the mallopt settings are
/// glibc's and do not apply; that allocator already keeps freed memory, and faster (docs/BENCHMARKS.md).
/// Opt out with CIFARLAB_NATIVE_TUNING=0.
/// </summary>
internal static partial class NativeTuning
{
    private const int MTrimThreshold = -1; // glibc malloc.h M_TRIM_THRESHOLD
    private const int MMmapMax = -4;       // glibc malloc.h M_MMAP_MAX

    private static int _applied;

    public static string Describe { get; private set; } = "not applied";

    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1 || !OperatingSystem.IsLinux())
        {
            return;
        }
        if (System.Environment.GetEnvironmentVariable("CIFARLAB_NATIVE_TUNING") is "0" or "false")
        {
            Describe = "disabled by CIFARLAB_NATIVE_TUNING";
            return;
        }
        var notes = new List<string>();
        try
        {
            if (Allocator.PreloadedName is { } allocator)
            {
                notes.Add($"{allocator} preloaded, malloc left to it");
            }
            // No mmap-backed blocks and no trimming: freed activations are reused by the next step.
            else if (mallopt(MMmapMax, 0) == 1 && mallopt(MTrimThreshold, int.MaxValue) == 1)
            {
                notes.Add("malloc keeps freed memory");
            }
            // .NET's SetEnvironmentVariable does not reach native getenv on Linux: use libc's setenv
            // (overwrite = 0 keeps a value the user chose).
            if (setenv("OMP_WAIT_POLICY", "PASSIVE", 0) == 0)
            {
                notes.Add($"OMP_WAIT_POLICY={System.Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE"}");
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            notes.Add("libc tuning unavailable: " + ex.Message); // e.g. musl or a sandbox without libc symbols
        }
        Describe = notes.Count == 0 ? "none" : string.Join(", ", notes);
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}

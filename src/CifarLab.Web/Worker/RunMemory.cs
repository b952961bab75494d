using System.Runtime;
using CifarLab.Training.Environment;

namespace CifarLab.Web.Worker;

/// <summary>
/// Gives a finished run's memory back, so a host that trains run after run stays flat (bench/webhost_memory.sh,
/// docs/BENCHMARKS.md "Web host memory"). A run leaves native libtorch memory behind TorchSharp objects that only
/// their finalizers free (the GC does not see native bytes, so it is in no hurry to run them), and the dataset's
/// large read buffers on the large-object heap. One full, compacting collection with the finalizers run, once per
/// run (runs take seconds to hours; this takes milliseconds), returns both; then glibc's heap is trimmed (a no-op
/// under tcmalloc). Measured (tcmalloc): the host's RSS over 25 tiny runs grew 54 MiB without it, 15-32 with it.
/// </summary>
public static class RunMemory
{
    public static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        NativeHeap.Trim();
    }
}

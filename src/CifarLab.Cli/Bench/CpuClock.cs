using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CifarLab.Cli.Bench;

/// <summary>
/// CPU time consumed by this whole process (all threads, user + system). On a machine others share, wall time
/// per step swings with their load while CPU time tracks the work done, so every bench reports both.
/// Linux: clock_gettime(CLOCK_PROCESS_CPUTIME_ID), nanosecond resolution, the clock Python's time.process_time()
/// reads, so CifarLab and pytorch_ref.py measure alike. Elsewhere: Process.TotalProcessorTime (coarser).
/// </summary>
public static class CpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clockId, out Timespec time);

    /// <summary>Process CPU seconds since it started.</summary>
    public static double Seconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockProcessCpuTimeId, out var t) == 0)
        {
            return t.Seconds + t.Nanoseconds / 1e9;
        }
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }
}

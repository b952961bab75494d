using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;
using TorchSharp;

namespace CifarLab.Cli.Bench;

/// <summary>
/// `bench memory`: N short Trainer runs back to back in this process. After each run the GC is forced (so a native
/// tensor that only a finalizer would free does not count as leaked), the peak RSS is read, glibc's free heap is
/// trimmed (<see cref="NativeHeap"/>) and RSS is read again: what is left is memory still in use. Each run's peak comes from
/// VmHWM, reset before the run where the kernel allows it (otherwise the peaks are process-wide). A leak shows as a positive
/// slope of RSS over runs. The slope is fitted to the second half of the runs: the first few grow the heap to its
/// working size (glibc's arenas, JIT, thread pools) and then level off, which is not a leak; a leak keeps climbing.
/// </summary>
public sealed record MemoryResult(
    string Mode,
    string Model,
    string ConfigSource,
    int Runs,
    double BaselineRssMiB,
    double PeakBeforeRunsMiB,
    bool PerRunPeakAvailable,
    double[] PeakRssPerRunMiB,
    double[] RssAfterRunMiB,
    double[] RssBeforeTrimMiB,
    double[] ManagedHeapAfterRunMiB,
    long[] LiveTensorsAfterRun,
    int SlopeFromRun,
    double SlopeMiBPerRun,
    double SlopeAllRunsMiBPerRun,
    double MaxSlopeMiBPerRun,
    bool Grows,
    double SecondsPerRun,
    BenchEnvironment Environment,
    RunConfig Config)
{
    /// <summary>The data measured on, official or not (accuracy figures from unofficial data are not comparable).</summary>
    public DatasetProvenance? Dataset { get; init; }
}

internal static class MemoryBench
{
    public static MemoryResult Run(RunConfig config, string configSource, CifarDataset data, int runs, double maxSlopeMiB,
        TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(log);
        ForceGc();
        NativeHeap.Trim();
        var baseline = ProcStatus.ReadSelf();
        var peaks = new List<double>();
        var rss = new List<double>();
        var untrimmed = new List<double>();
        var live = new List<long>();
        var managed = new List<double>();
        var resettable = true;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            ct.ThrowIfCancellationRequested();
            resettable &= ProcStatus.TryResetPeak();
            new Trainer().Run(config, data, new TrainerRunOptions(), progress: null, ct);
            ForceGc();
            var now = ProcStatus.ReadSelf();
            peaks.Add(now.PeakRssMiB ?? double.NaN);
            untrimmed.Add(now.RssMiB ?? double.NaN);
            NativeHeap.Trim();
            rss.Add(ProcStatus.ReadSelf().RssMiB ?? double.NaN);
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            managed.Add(GC.GetTotalMemory(forceFullCollection: false) / 1048576.0);
            log.WriteLine($"  run {i + 1,3}/{runs}: RSS {rss[^1],8:F1} MiB, peak {peaks[^1],8:F1} MiB, live tensors {live[^1]}");
        }
        var from = runs / 2; // 0-based index of the first run in the fit
        var slope = Stats.Slope(rss.Skip(from).ToList());
        return new MemoryResult("memory", config.Model, configSource, runs, baseline.RssMiB ?? double.NaN,
            baseline.PeakRssMiB ?? double.NaN,
            resettable, [.. peaks.Select(Round)], [.. rss.Select(Round)], [.. untrimmed.Select(Round)], [.. managed.Select(Round)], [.. live], from + 1, slope, Stats.Slope(rss), maxSlopeMiB,
            slope > maxSlopeMiB, sw.Elapsed.TotalSeconds / runs, BenchEnvironment.Capture(DeviceSelector.Resolve(config.Device)), config);
    }

    private static double Round(double v) => Math.Round(v, 2);

    private static void ForceGc()
    {
        // Twice: the first pass runs finalizers (which free native tensors), the second collects what they released.
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}

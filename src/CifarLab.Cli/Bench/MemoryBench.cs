using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;
using TorchSharp;

namespace CifarLab.Cli.Bench;

/// <summary>
/// `bench memory`: N short Trainer runs back to back in this process. After each run the GC is forced (so a native
/// tensor that only a finalizer would free does not count as leaked), then RSS is read. Each run's peak comes from
/// VmHWM, reset before the run where the kernel allows it (otherwise the peaks are process-wide). A leak shows as a positive
/// slope of RSS over runs. The first run is left out of the slope: it pays one-time costs (libtorch's allocator
/// pools, JIT, thread pools) that are not growth.
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
    long[] LiveTensorsAfterRun,
    double SlopeMiBPerRun,
    double SlopeAllRunsMiBPerRun,
    double MaxSlopeMiBPerRun,
    bool Grows,
    double SecondsPerRun,
    BenchEnvironment Environment,
    RunConfig Config);

internal static class MemoryBench
{
    public static MemoryResult Run(RunConfig config, string configSource, CifarDataset data, int runs, double maxSlopeMiB,
        TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(log);
        ForceGc();
        var baseline = ProcStatus.ReadSelf();
        var peaks = new List<double>();
        var rss = new List<double>();
        var live = new List<long>();
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
            rss.Add(now.RssMiB ?? double.NaN);
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            log.WriteLine($"  run {i + 1,3}/{runs}: RSS {rss[^1],8:F1} MiB, peak {peaks[^1],8:F1} MiB, live tensors {live[^1]}");
        }
        var slope = Stats.Slope(rss.Skip(1).ToList());
        return new MemoryResult("memory", config.Model, configSource, runs, baseline.RssMiB ?? double.NaN,
            baseline.PeakRssMiB ?? double.NaN,
            resettable, [.. peaks.Select(Round)], [.. rss.Select(Round)], [.. live], slope, Stats.Slope(rss), maxSlopeMiB,
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

using CifarLab.Training.Environment;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Bench;

/// <summary>
/// `bench throughput`: images/s of the bare train step (see <see cref="TrainStepLoop"/>). ImagesPerSecond is the
/// batch over the median wall time of the timed steps; ImagesPerCpuSecond the batch over the median process-CPU
/// time, the steadier figure on a shared machine; CpuUtilization = CPU time / wall time over the timed steps
/// (about the thread count on an idle machine, less when other work takes the cores).
/// </summary>
public sealed record ThroughputResult(
    string Mode,
    string Framework,
    string Model,
    double Width,
    int BatchSize,
    string ConfigSource,
    string Loss,
    double LabelSmoothing,
    string Optimizer,
    long Parameters,
    long TrainableParameters,
    int WarmupSteps,
    int TimedSteps,
    double MsPerStepMedian,
    double MsPerStepMean,
    double MsPerStepMin,
    double MsPerStepMax,
    double ImagesPerSecond,
    double ImagesPerSecondMean,
    double CpuMsPerStepMedian,
    double ImagesPerCpuSecond,
    double CpuUtilization,
    double FinalLoss,
    double[] StepMs,
    double[] StepCpuMs,
    Dictionary<string, double>? ProfileCpuMs,
    BenchEnvironment Environment,
    RunConfig Config);

internal static class ThroughputBench
{
    /// <param name="profile">After the timed steps, run as many again timing each phase (CPU time): a separate
    /// pass so the clock reads between phases stay out of the headline figures.</param>
    public static ThroughputResult Run(RunConfig config, string configSource, int steps, int warmup, bool profile = false)
    {
        var device = DeviceSelector.Resolve(config.Device);
        var environment = BenchEnvironment.Capture(device);
        using var loop = new TrainStepLoop(config, device, config.BatchSize);
        loop.TimeSteps(warmup);
        var t = loop.TimeSteps(steps);
        var median = Stats.Median(t.WallMs);
        var mean = t.WallMs.Average();
        var cpuMedian = Stats.Median(t.CpuMs);
        var phases = profile ? loop.ProfileSteps(steps) : null;
        return new ThroughputResult("throughput", "cifarlab", config.Model, config.Width, loop.BatchSize, configSource,
            config.Loss.ToString().ToLowerInvariant(), config.LabelSmoothing, config.Optimizer.ToString().ToLowerInvariant(),
            loop.ParameterCount, loop.TrainableCount, warmup, steps, median, mean, t.WallMs.Min(), t.WallMs.Max(),
            loop.BatchSize / (median / 1000), loop.BatchSize / (mean / 1000), cpuMedian, loop.BatchSize / (cpuMedian / 1000),
            t.CpuSeconds / t.WallSeconds, loop.CurrentLoss(), Round(t.WallMs), Round(t.CpuMs), phases, environment, config);
    }

    private static double[] Round(double[] ms) => ms.Select(v => Math.Round(v, 3)).ToArray();
}

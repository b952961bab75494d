using CifarLab.Training.Environment;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Bench;

/// <summary>`bench throughput`: images/s of the bare train step (see <see cref="TrainStepLoop"/>).</summary>
public sealed record ThroughputResult(
    string Mode,
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
    double FinalLoss,
    double[] StepMs,
    BenchEnvironment Environment,
    RunConfig Config);

internal static class ThroughputBench
{
    public static ThroughputResult Run(RunConfig config, string configSource, int steps, int warmup)
    {
        var device = DeviceSelector.Resolve(config.Device);
        using var loop = new TrainStepLoop(config, device, config.BatchSize);
        loop.TimeSteps(warmup);
        var ms = loop.TimeSteps(steps);
        var median = Stats.Median(ms);
        var mean = ms.Average();
        return new ThroughputResult("throughput", config.Model, config.Width, loop.BatchSize, configSource,
            config.Loss.ToString().ToLowerInvariant(), config.LabelSmoothing, config.Optimizer.ToString().ToLowerInvariant(),
            loop.ParameterCount, loop.TrainableCount, warmup, steps, median, mean, ms.Min(), ms.Max(),
            loop.BatchSize / (median / 1000), loop.BatchSize / (mean / 1000), loop.CurrentLoss(),
            ms.Select(t => Math.Round(t, 3)).ToArray(), BenchEnvironment.Capture(device), config);
    }
}

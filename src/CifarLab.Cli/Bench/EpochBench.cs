using System.Diagnostics;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Bench;

/// <summary>
/// `bench epoch`: the real Trainer against the bare train step for the same number of steps.
/// Definitions (seconds): Setup = Trainer.Run start to its first training phase; TrainLoop = the Trainer's own
/// epoch time (augmentation, shuffling, batch gathering, steps, loss bookkeeping, lookahead, progress);
/// EvalAndOther = the rest of Trainer.Run (evaluations, final weight copy); PureCompute = the same number of bare
/// steps, timed once before and once after the Trainer run (mean used) so a load change on a shared machine shows.
/// Like the Trainer's, each bare loop starts from a fresh model and optimizer (first-step costs such as creating the
/// momentum buffers count on both sides); a few throwaway steps first warm the process-wide caches (oneDNN kernels,
/// the JIT) that the Trainer run would otherwise pay for alone.
/// Each is also taken in process-CPU seconds. The overhead verdict uses CPU time: on a shared machine wall time
/// moves by more than 5% between two identical runs, CPU time far less.
/// </summary>
public sealed record EpochResult(
    string Mode,
    string Model,
    double Width,
    string ConfigSource,
    int BatchSize,
    int TrainImages,
    int TestImages,
    int Epochs,
    int Steps,
    double DatasetLoadSeconds,
    double RunSeconds,
    double SetupSeconds,
    double TrainLoopSeconds,
    double EvalAndOtherSeconds,
    double PureComputeSeconds,
    double PureComputeBeforeSeconds,
    double PureComputeAfterSeconds,
    double TrainLoopCpuSeconds,
    double PureComputeCpuSeconds,
    double TrainOverheadPercent,
    double TrainOverheadCpuPercent,
    double EndToEndOverheadPercent,
    double TargetPercent,
    bool TrainOverheadWithinTarget,
    double TrainerImagesPerSecond,
    double PureImagesPerSecond,
    double TestAccuracy,
    int ProgressEvents,
    BenchEnvironment Environment,
    RunConfig Config);

internal static class EpochBench
{
    /// <summary>The Trainer's training loop should add less than this to the bare compute of an epoch.</summary>
    public const double TargetPercent = 5;

    public static EpochResult Run(RunConfig config, string configSource, CifarDataset data, double datasetLoadSeconds,
        int warmup, IProgress<TrainingEvent>? reporter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        var device = DeviceSelector.Resolve(config.Device);
        var environment = BenchEnvironment.Capture(device);
        var trainImages = config.TrainLimit > 0 ? Math.Min(config.TrainLimit, data.Train.Count) : data.Train.Count;
        var testImages = config.TestLimit > 0 ? Math.Min(config.TestLimit, data.Test.Count) : data.Test.Count;
        // Same batch and step count as TrainingSession: batch capped at the image count, last partial batch dropped.
        var batch = Math.Min(config.BatchSize, trainImages);
        var steps = trainImages / batch * config.Epochs;

        if (warmup > 0)
        {
            using var warm = new TrainStepLoop(config, device, batch);
            warm.TimeSteps(warmup);
        }
        var before = PureCompute(config, device, batch, steps);
        var clock = new PhaseClock(reporter);
        var sw = Stopwatch.StartNew();
        var result = new Trainer().Run(config, data, new TrainerRunOptions(), clock, ct);
        var runSeconds = sw.Elapsed.TotalSeconds;
        var after = PureCompute(config, device, batch, steps);

        var pure = (before.WallSeconds + after.WallSeconds) / 2;
        var pureCpu = (before.CpuSeconds + after.CpuSeconds) / 2;
        var setup = clock.FirstTrainingAt ?? 0;
        var trainLoop = clock.Epochs.Sum(e => e.EpochSeconds);
        var loopCpu = clock.TrainLoopCpuSeconds;
        var overheadCpu = 100 * (loopCpu - pureCpu) / loopCpu;
        return new EpochResult("epoch", config.Model, config.Width, configSource, batch, trainImages, testImages,
            config.Epochs, steps, datasetLoadSeconds, runSeconds, setup, trainLoop, runSeconds - setup - trainLoop,
            pure, before.WallSeconds, after.WallSeconds, loopCpu, pureCpu, 100 * (trainLoop - pure) / trainLoop, overheadCpu,
            100 * (runSeconds - pure) / runSeconds, TargetPercent, overheadCpu < TargetPercent,
            (double)steps * batch / trainLoop, (double)steps * batch / pure, result.TestAccuracy, clock.StepEvents,
            environment, config);
    }

    private static StepTimes PureCompute(RunConfig config, TorchSharp.torch.Device device, int batch, int steps)
    {
        using var loop = new TrainStepLoop(config, device, batch);
        return loop.TimeSteps(steps);
    }
}

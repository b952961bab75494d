using System.Diagnostics;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;
using static TorchSharp.torch;

namespace CifarLab.Cli.Bench;

/// <summary>
/// `bench epoch`: the real Trainer against the bare train step, step by step. The Trainer reports every step; right
/// after each report a bare step (<see cref="TrainStepLoop"/>, same config and batch, a fresh model initialised
/// from the same training images) runs and is timed, and left out of the Trainer's next interval (see
/// <see cref="PhaseClock"/>). The pairs run seconds apart, so a load change on a shared machine hits both alike;
/// timing the bare loop before or after the Trainer instead was seen to differ by 20% between two identical loops.
/// Overhead = (sum of Trainer intervals - sum of bare steps) / sum of Trainer intervals, in CPU time and in wall
/// time. The verdict uses CPU time on the CPU (steadier on a shared machine) and wall time on CUDA, where CPU time
/// only counts kernel launches and waiting; with --epochs N > 1 the verdict uses epochs 2..N (steady state). Setup = Trainer.Run start to the first training phase; EvalAndOther = the rest of the run
/// outside the step intervals (evaluation, final weight copy). On CUDA both sides synchronize every step (the Trainer
/// reads its running loss for each report), so a GPU's overhead figure includes that wait.
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
    double TrainLoopCpuSeconds,
    double PureComputeSeconds,
    double PureComputeCpuSeconds,
    double EvalAndOtherSeconds,
    double TrainOverheadPercent,
    double TrainOverheadCpuPercent,
    double MedianStepOverheadCpuMs,
    double FirstStepOverheadCpuMs,
    double? WarmOverheadPercent,
    double? WarmOverheadCpuPercent,
    double TargetPercent,
    bool TrainOverheadWithinTarget,
    double TrainerImagesPerSecond,
    double PureImagesPerSecond,
    double TestAccuracy,
    double[] TrainerStepCpuMs,
    double[] BareStepCpuMs,
    BenchEnvironment Environment,
    RunConfig Config)
{
    /// <summary>The data measured on, official or not (accuracy figures from unofficial data are not comparable).</summary>
    public DatasetProvenance? Dataset { get; init; }
}

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
        // Same batch as TrainingSession: capped at the image count, last partial batch dropped.
        var batch = Math.Min(config.BatchSize, trainImages);

        // No dispose scope around the Trainer run (it would adopt the Trainer's long-lived tensors): own these two.
        using var images = NormalizedHead(data.Train.Images, Math.Min(trainImages, 5000));
        using var labels = data.Train.Labels.narrow(0, 0, Math.Min(trainImages, 5000));
        using var bare = new TrainStepLoop(config, device, batch, images, labels);
        // Throwaway steps: the bare model's first step (momentum buffers) and process-wide caches (oneDNN kernels,
        // the JIT) would otherwise weigh on the first pairs.
        bare.TimeSteps(Math.Max(1, warmup));
        var bareWall = new List<double>();
        var bareCpu = new List<double>();
        var clock = new PhaseClock(reporter, () =>
        {
            var t = bare.TimeSteps(1);
            bareWall.Add(t.WallMs[0]);
            bareCpu.Add(t.CpuMs[0]);
        });
        var sw = Stopwatch.StartNew();
        var result = new Trainer().Run(config, data, new TrainerRunOptions { ProgressInterval = TimeSpan.Zero }, clock, ct);
        var runSeconds = sw.Elapsed.TotalSeconds - bareWall.Sum() / 1000;

        var loop = clock.StepWallMs.Sum() / 1000;
        var loopCpu = clock.StepCpuMs.Sum() / 1000;
        var pure = bareWall.Sum() / 1000;
        var pureCpu = bareCpu.Sum() / 1000;
        var setup = clock.FirstTrainingAt ?? 0;
        var overheadCpu = 100 * (loopCpu - pureCpu) / loopCpu;
        var overheadWall = 100 * (loop - pure) / loop;
        var steps = clock.StepCpuMs.Count;
        // From the second epoch on: one-time costs (first kernel launches, allocator growth, JIT) are behind us, so
        // this is the steady per-epoch overhead that a long run pays; the verdict uses it when there is one.
        var warmFrom = config.Epochs > 1 ? steps / config.Epochs : 0;
        double? warmWall = warmFrom > 0 ? Overhead(clock.StepWallMs.Skip(warmFrom), bareWall.Skip(warmFrom)) : null;
        double? warmCpu = warmFrom > 0 ? Overhead(clock.StepCpuMs.Skip(warmFrom), bareCpu.Skip(warmFrom)) : null;
        var verdict = device.type == TorchSharp.DeviceType.CUDA ? warmWall ?? overheadWall : warmCpu ?? overheadCpu;
        var perStep = clock.StepCpuMs.Zip(bareCpu, (t, b) => t - b).ToList();
        return new EpochResult("epoch", config.Model, config.Width, configSource, batch, trainImages, testImages,
            config.Epochs, steps, datasetLoadSeconds, runSeconds, setup, loop, loopCpu, pure, pureCpu,
            runSeconds - setup - loop, overheadWall, overheadCpu, Stats.Median(perStep.Skip(1).DefaultIfEmpty(0).ToList()),
            perStep.FirstOrDefault(), warmWall, warmCpu, TargetPercent, verdict < TargetPercent,
            (double)steps * batch / loop, (double)steps * batch / pure, result.TestAccuracy,
            Round(clock.StepCpuMs), Round(bareCpu), environment, config);
    }

    private static double Overhead(IEnumerable<double> trainerMs, IEnumerable<double> bareMs)
    {
        var trainer = trainerMs.Sum();
        return 100 * (trainer - bareMs.Sum()) / trainer;
    }

    private static double[] Round(IEnumerable<double> ms) => ms.Select(v => Math.Round(v, 2)).ToArray();

    private static Tensor NormalizedHead(Tensor uint8Images, int count)
    {
        using var scope = NewDisposeScope();
        return CifarStats.Normalize(uint8Images.narrow(0, 0, count), CPU).DetachFromDisposeScope();
    }
}

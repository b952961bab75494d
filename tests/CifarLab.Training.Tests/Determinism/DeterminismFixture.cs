using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Determinism;

/// <summary>
/// The real data and one reference run of the case that used to diverge at random (issue 18): airbench94, batch 256,
/// the first 2,560 training images, one epoch, scored on 500 test images. Every test compares against this run.
/// </summary>
public sealed class DeterminismFixture : IDisposable
{
    public const int TrainImages = 2560;
    public const int TestImages = 500;

    private readonly Lazy<RunFingerprint> _reference;
    private readonly TempDir _outputs = new();

    public DeterminismFixture()
    {
        Cifar = new RealCifar();
        Data = Cifar.Load(TrainImages, TestImages);
        _reference = new Lazy<RunFingerprint>(() => Train(Config), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What `cifarlab train --model airbench94 --epochs 1 --batch-size 256 --train-limit 2560 --test-limit 500` runs.</summary>
    public static RunConfig Config => new()
    {
        Model = "airbench94", Epochs = 1, BatchSize = 256, TrainLimit = TrainImages, TestLimit = TestImages,
    };

    public RealCifar Cifar { get; }
    public CifarDataset Data { get; }
    public RunFingerprint Reference => _reference.Value;

    /// <summary>Trains on this thread and returns the run's fingerprint.</summary>
    public RunFingerprint Train(RunConfig config, int cpuThreads = 0)
    {
        var dir = _outputs.Combine(Guid.NewGuid().ToString("N"));
        var result = new Trainer().Run(config, Data, new TrainerRunOptions { CheckpointDirectory = dir, CpuThreads = cpuThreads });
        return RunFingerprint.Of(result, dir);
    }

    public string NewOutputDirectory() => _outputs.Combine(Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Data.Dispose();
        Cifar.Dispose();
        _outputs.Dispose();
    }
}

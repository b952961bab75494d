namespace CifarLab.Contract;

/// <summary>Base of everything the trainer reports while it runs.</summary>
public abstract record TrainingEvent;

/// <summary>Coarse phase changes ("loading data", "training", "evaluating", ...).</summary>
public sealed record PhaseChanged(string Phase, string Message) : TrainingEvent;

/// <summary>Throttled per-step progress (a few per second at most).</summary>
public sealed record StepProgress(
    int Epoch,
    int Step,
    int TotalSteps,
    int StepInEpoch,
    int StepsPerEpoch,
    double RunningLoss,
    double ImagesPerSecond,
    double LearningRate,
    TimeSpan Elapsed,
    TimeSpan Eta) : TrainingEvent
{
    public double Fraction => TotalSteps == 0 ? 0 : (double)Step / TotalSteps;
}

/// <summary>Metrics of one finished epoch. Test metrics are null on epochs without a test evaluation: with a validation
/// split (<see cref="RunConfig.ValidationImages"/>) that is every epoch but the last; validation metrics are null
/// without a split and on epochs it was not scored.</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? TestLoss,
    double? TestAccuracy,
    double LearningRate,
    double EpochSeconds,
    double ImagesPerSecond) : TrainingEvent
{
    /// <summary>Mean loss on the held-out validation images (without test-time augmentation); null when not scored.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>Accuracy on the held-out validation images (without test-time augmentation); null when not scored.</summary>
    public double? ValidationAccuracy { get; init; }
}

public sealed record CheckpointSaved(int Epoch, string Path) : TrainingEvent;


namespace CifarLab.Contract;

/// <summary>One misclassified test image: its index in the test set, true and predicted class.</summary>
public sealed record Misclassified(int TestIndex, int TrueLabel, int PredictedLabel, double Confidence);

/// <summary>The final evaluation of a model on the (possibly limited) test set.</summary>
public sealed record EvaluationResult(
    double Accuracy,
    double Loss,
    int Count,
    double[] PerClassAccuracy,
    int[][] ConfusionMatrix,
    IReadOnlyList<Misclassified> Misclassified);

/// <summary>What a finished run produced.</summary>
public sealed record TrainingResult(
    RunConfig Config,
    EvaluationResult Test,
    IReadOnlyList<EpochMetrics> Epochs,
    double TrainSeconds,
    double ImagesPerSecond,
    string Device,
    long ParameterCount,
    string? CheckpointPath,
    string? ExportPath)
{
    public double TestAccuracy => Test.Accuracy;

    /// <summary>The final model's accuracy on the validation split (the last trained epoch's, without test-time
    /// augmentation); null without a split.</summary>
    public double? ValidationAccuracy => Epochs.Count > 0 ? Epochs[^1].ValidationAccuracy : null;

    /// <summary>The final model's loss on the validation split; null without a split.</summary>
    public double? ValidationLoss => Epochs.Count > 0 ? Epochs[^1].ValidationLoss : null;

    /// <summary>True when <see cref="RunConfig.EarlyStopPatience"/> ended the run before its last epoch.</summary>
    public bool StoppedEarly => Epochs.Count > 0 && Epochs[^1].Epoch < Config.Epochs;

    /// <summary>
    /// The data it was trained and scored on, official or not. The trainer only sees tensors, so whoever prepared
    /// the dataset attaches it (<see cref="Checkpoints.CheckpointStore.AttachDataset"/>); null when nobody did.
    /// </summary>
    public DatasetProvenance? Dataset { get; init; }
}

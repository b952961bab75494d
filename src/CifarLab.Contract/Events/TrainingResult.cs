
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

    /// <summary>
    /// The data it was trained and scored on, official or not. The trainer only sees tensors, so whoever prepared
    /// the dataset attaches it (<see cref="Checkpoints.CheckpointStore.AttachDataset"/>); null when nobody did.
    /// </summary>
    public DatasetProvenance? Dataset { get; init; }
}

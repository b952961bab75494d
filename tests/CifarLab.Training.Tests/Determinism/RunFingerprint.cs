using System.Security.Cryptography;
using CifarLab.Training.Checkpoints;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Determinism;

/// <summary>
/// What must be identical between two runs of one config: every per-epoch metric except timings, the final test
/// scores, and the final weights (a hash of model.safetensors, which holds every parameter and buffer).
/// </summary>
public sealed record RunFingerprint(IReadOnlyList<string> Epochs, double TestLoss, double TestAccuracy, string WeightsSha256)
{
    public static RunFingerprint Of(TrainingResult result, string outputDirectory) => new(
        result.Epochs.Select(Line).ToList(),
        result.Test.Loss,
        result.Test.Accuracy,
        WeightsHash(outputDirectory));

    /// <summary>Round-trip ("R") formatting: two doubles print alike only when their bits are alike.</summary>
    public static string Line(EpochMetrics e) => FormattableString.Invariant(
        $"epoch {e.Epoch}: train loss {e.TrainLoss:R} acc {e.TrainAccuracy:R}, test loss {e.TestLoss:R} acc {e.TestAccuracy:R}, lr {e.LearningRate:R}");

    public static string WeightsHash(string outputDirectory) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(outputDirectory, CheckpointStore.ExportFile))));

    public bool Equals(RunFingerprint? other) =>
        other is not null && Epochs.SequenceEqual(other.Epochs) && TestLoss.Equals(other.TestLoss)
        && TestAccuracy.Equals(other.TestAccuracy) && WeightsSha256 == other.WeightsSha256;

    public override int GetHashCode() => HashCode.Combine(WeightsSha256, TestLoss);

    public override string ToString() => $"{string.Join("; ", Epochs)}; test loss {TestLoss:R}, weights {WeightsSha256[..16]}";
}

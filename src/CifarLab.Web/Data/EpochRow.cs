namespace CifarLab.Web.Data;

/// <summary>
/// Metrics of one finished epoch as stored; keyed by (run, epoch) so a resumed run overwrites, never duplicates.
/// Everything above the database works with the engine's <see cref="EpochMetrics"/>: this is the one mapping.
/// </summary>
public sealed class EpochRow
{
    public int RunId { get; set; }
    public int Epoch { get; set; }
    public double TrainLoss { get; set; }
    public double TrainAccuracy { get; set; }
    public double? TestLoss { get; set; }
    public double? TestAccuracy { get; set; }
    public double? ValidationLoss { get; set; }
    public double? ValidationAccuracy { get; set; }
    public double LearningRate { get; set; }
    public double EpochSeconds { get; set; }
    public double ImagesPerSecond { get; set; }
    public DateTime RecordedAt { get; set; }

    /// <summary>Overwrites the row with the epoch's metrics; non-finite test and validation scores are stored as null.</summary>
    public void Apply(EpochMetrics m, DateTime recordedAt)
    {
        Epoch = m.Epoch;
        TrainLoss = m.TrainLoss;
        TrainAccuracy = m.TrainAccuracy;
        TestLoss = FiniteJson.OrNull(m.TestLoss);
        TestAccuracy = FiniteJson.OrNull(m.TestAccuracy);
        ValidationLoss = FiniteJson.OrNull(m.ValidationLoss);
        ValidationAccuracy = FiniteJson.OrNull(m.ValidationAccuracy);
        LearningRate = m.LearningRate;
        EpochSeconds = m.EpochSeconds;
        ImagesPerSecond = m.ImagesPerSecond;
        RecordedAt = recordedAt;
    }

    public EpochMetrics ToMetrics() =>
        new(Epoch, TrainLoss, TrainAccuracy, TestLoss, TestAccuracy, LearningRate, EpochSeconds, ImagesPerSecond)
        {
            ValidationLoss = ValidationLoss,
            ValidationAccuracy = ValidationAccuracy,
        };
}

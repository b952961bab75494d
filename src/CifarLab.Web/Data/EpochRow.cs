namespace CifarLab.Web.Data;

/// <summary>Metrics of one finished epoch; keyed by (run, epoch) so a resumed run overwrites, never duplicates.</summary>
public sealed class EpochRow
{
    public int RunId { get; set; }
    public int Epoch { get; set; }
    public double TrainLoss { get; set; }
    public double TrainAccuracy { get; set; }
    public double? TestLoss { get; set; }
    public double? TestAccuracy { get; set; }
    public double LearningRate { get; set; }
    public double EpochSeconds { get; set; }
    public double ImagesPerSecond { get; set; }
    public DateTime RecordedAt { get; set; }
}

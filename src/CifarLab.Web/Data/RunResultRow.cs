namespace CifarLab.Web.Data;

/// <summary>The final evaluation's detail, kept out of the runs table so the leaderboard stays narrow.</summary>
public sealed class RunResultRow
{
    public int RunId { get; set; }
    public int TestCount { get; set; }
    /// <summary>double[10] as JSON.</summary>
    public required string PerClassAccuracyJson { get; set; }
    /// <summary>int[10][10] as JSON, rows = true class, columns = predicted.</summary>
    public required string ConfusionMatrixJson { get; set; }
    /// <summary>The misclassified test images (index, true, predicted, confidence) as JSON.</summary>
    public required string MisclassifiedJson { get; set; }
}

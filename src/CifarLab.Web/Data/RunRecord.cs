namespace CifarLab.Web.Data;

/// <summary>
/// One run: its request (config JSON plus a few columns copied out of it for the leaderboard's
/// indexes), its place in the queue, the worker lease, and its headline results.
/// </summary>
public sealed class RunRecord
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Normalised as ",a,b," (empty when none) so one LIKE finds a whole tag.</summary>
    public string Tags { get; set; } = "";
    public string? Notes { get; set; }
    public required string ConfigJson { get; set; }
    public required string Model { get; set; }
    public required string Device { get; set; }
    public int Epochs { get; set; }
    public int BatchSize { get; set; }
    public double LearningRate { get; set; }
    public string? Preset { get; set; }
    public int? SourceRunId { get; set; }
    public long? ParameterCount { get; set; }
    /// <summary>The account that launched it (its user name); null for runs launched without sign-in.</summary>
    public string? Owner { get; set; }
    /// <summary>The seed group it belongs to (<see cref="RunGroupRecord"/>); null for a run on its own.</summary>
    public int? GroupId { get; set; }

    public RunStatus Status { get; set; }
    /// <summary>Ascending; moving a run to the top gives it the smallest value.</summary>
    public long QueueOrder { get; set; }
    public string? WorkerId { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    /// <summary>Set by a cancel request; the owning worker (maybe another process) stops the run.</summary>
    public bool CancelRequested { get; set; }
    /// <summary>The next start continues from the run's latest checkpoint.</summary>
    public bool ResumeFromCheckpoint { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? Phase { get; set; }
    public string? Error { get; set; }

    public int CompletedEpochs { get; set; }
    public double? TestAccuracy { get; set; }
    public double? TestLoss { get; set; }
    /// <summary>The final model's score on the held-out validation images (RunConfig.ValidationImages); null without a split.</summary>
    public double? ValidationAccuracy { get; set; }
    public double? ValidationLoss { get; set; }
    public double? TrainSeconds { get; set; }
    public double? ImagesPerSecond { get; set; }
    public string? ActualDevice { get; set; }
    /// <summary>Backend report (TorchSharp/libtorch versions, device, threads) captured when it started.</summary>
    public string? EnvironmentJson { get; set; }
    /// <summary>
    /// Whether the run's data was the official CIFAR-10 files; false labels it "unofficial data", for good (a run
    /// resumed on other data keeps the label). Null until its dataset was prepared, and for runs from before this
    /// was recorded.
    /// </summary>
    public bool? OfficialData { get; set; }
    /// <summary>The data it trained on, as DatasetProvenance JSON (official, source, test-set SHA-256).</summary>
    public string? DatasetJson { get; set; }

    public List<EpochRow> EpochRows { get; set; } = [];
    public RunResultRow? Result { get; set; }
    public List<ArtifactRow> Artifacts { get; set; } = [];

    public IReadOnlyList<string> TagList => TagText.Split(Tags);
}

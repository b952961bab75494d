namespace CifarLab.Training.Training;

/// <summary>How one call of <see cref="Trainer.Run"/> behaves (as opposed to what it trains: <see cref="RunConfig"/>).</summary>
public sealed record TrainerRunOptions
{
    /// <summary>The run's folder for epoch checkpoints and final weights; null = keep nothing on disk.</summary>
    public string? CheckpointDirectory { get; init; }
    /// <summary>Continue from the newest complete epoch checkpoint in <see cref="CheckpointDirectory"/>, if any.</summary>
    public bool Resume { get; init; }
    /// <summary>Write an epoch checkpoint every N epochs (the last epoch always gets the final artifacts).</summary>
    public int CheckpointEvery { get; init; } = 1;
    /// <summary>Minimum time between two <see cref="StepProgress"/> events.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Intra-op CPU threads for libtorch; 0 = leave libtorch's default (all cores).</summary>
    public int CpuThreads { get; init; }
    /// <summary>Where the run's files are written; null = the file system.</summary>
    public CifarLab.Training.Checkpoints.RunStorage? Storage { get; init; }
}

using CifarLab.Training.Checkpoints;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Engine;

/// <summary>
/// A run with a validation split: every epoch is scored on the held-out training images, the test set once at the end;
/// early stopping ends the run on the validation accuracy; a resumed run recomputes the same split.
/// </summary>
public sealed class ValidationSplitTrainerTests(SyntheticData data) : IClassFixture<SyntheticData>
{
    private static RunConfig Small => new()
    {
        Model = "tutorial-cnn", Norm = NormKind.Batch, Epochs = 3, BatchSize = 50, LearningRate = 0.05,
        Schedule = ScheduleKind.OneCycle, CropPadding = 0, Flip = FlipMode.None, Seed = 1,
        TrainLimit = 400, TestLimit = 100, ValidationImages = 100,
    };

    [Fact]
    public void Each_epoch_is_validated_and_the_test_set_is_scored_once_at_the_end()
    {
        using var ds = data.Load();
        var events = new List<TrainingEvent>();
        var result = new Trainer().Run(Small, ds, progress: new SyncProgress(events));

        var epochs = events.OfType<EpochMetrics>().ToList();
        Assert.Equal(3, epochs.Count);
        Assert.All(epochs, e => Assert.NotNull(e.ValidationAccuracy));
        Assert.All(epochs, e => Assert.NotNull(e.ValidationLoss));
        Assert.All(epochs.SkipLast(1), e => Assert.Null(e.TestAccuracy));
        Assert.All(epochs.SkipLast(1), e => Assert.Null(e.TestLoss));
        Assert.NotNull(epochs[^1].TestAccuracy);
        Assert.Equal(epochs[^1].TestAccuracy, result.TestAccuracy);
        Assert.Equal(epochs[^1].ValidationAccuracy, result.ValidationAccuracy);
        Assert.Equal(100, result.Test.Count);
        Assert.Equal(1, events.OfType<PhaseChanged>().Count(p => p.Phase == "evaluating"));
        Assert.False(result.StoppedEarly);
        // 300 images train: 6 steps of 50 per epoch.
        Assert.Equal(18, events.OfType<StepProgress>().Max(s => s.Step));
    }

    [Fact]
    public void Without_a_split_nothing_is_validated_and_every_epoch_scores_the_test_set()
    {
        using var ds = data.Load();
        var result = new Trainer().Run(Small with { ValidationImages = 0, Epochs = 2 }, ds);
        Assert.All(result.Epochs, e => Assert.Null(e.ValidationAccuracy));
        Assert.All(result.Epochs, e => Assert.NotNull(e.TestAccuracy));
        Assert.Null(result.ValidationAccuracy);
    }

    [Fact]
    public void Early_stopping_ends_the_run_on_the_validation_accuracy_and_then_scores_the_test_set()
    {
        using var ds = data.Load();
        // A constant, tiny learning rate: the validation accuracy soon stops improving for one epoch.
        var config = Small with { Epochs = 30, LearningRate = 1e-6, Schedule = ScheduleKind.Constant, WarmupFraction = 0, EarlyStopPatience = 1 };
        var result = new Trainer().Run(config, ds);

        Assert.True(result.StoppedEarly, "a learning rate of 1e-6 should not improve the validation accuracy for 30 epochs");
        var last = result.Epochs[^1];
        Assert.NotNull(last.TestAccuracy);
        Assert.Equal(last.TestAccuracy, result.TestAccuracy);
        Assert.All(result.Epochs.SkipLast(1), e => Assert.Null(e.TestAccuracy));
        var best = result.Epochs.SkipLast(1).Max(e => e.ValidationAccuracy!.Value);
        Assert.True(last.ValidationAccuracy <= best, "the run stopped on an epoch that improved");
    }

    [Fact]
    public void A_resumed_run_recomputes_the_split_and_ends_where_the_straight_run_ends()
    {
        using var ds = data.Load();
        var config = Small with { CropPadding = 2, Flip = FlipMode.Random, Seed = 3 };
        var straight = new Trainer().Run(config, ds, new TrainerRunOptions { CheckpointDirectory = data.NewDirectory("val-straight") });

        var resumedDir = data.NewDirectory("val-resumed");
        using (var cts = new CancellationTokenSource())
        {
            var progress = new SyncProgress(e =>
            {
                if (e is StepProgress { Epoch: 2 })
                {
                    cts.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => new Trainer().Run(config, ds,
                new TrainerRunOptions { CheckpointDirectory = resumedDir, ProgressInterval = TimeSpan.Zero }, progress, cts.Token));
        }
        Assert.Equal(1, new CheckpointStore(resumedDir).FindLatest()?.State.EpochsCompleted);
        var resumed = new Trainer().Run(config, ds, new TrainerRunOptions { CheckpointDirectory = resumedDir, Resume = true });

        Assert.Equal(straight.Epochs.Select(e => e.ValidationAccuracy), resumed.Epochs.Select(e => e.ValidationAccuracy));
        Assert.Equal(straight.ValidationLoss, resumed.ValidationLoss);
        Assert.Equal(straight.TestAccuracy, resumed.TestAccuracy);
    }
}

using CifarLab.Training.Training;
using TorchSharp;

namespace CifarLab.Training.Tests.Engine;

/// <summary>Whole runs with the issue-13 strategies on: a CIFAR ResNet by depth, warm restarts, rotation, zoom and
/// colour jitter train reproducibly and leave no tensors behind.</summary>
public sealed class StrategiesTrainerTests(SyntheticData data) : IClassFixture<SyntheticData>
{
    private static RunConfig Strategies => new()
    {
        Model = "resnet20", Width = 0.25, Epochs = 2, BatchSize = 50, LearningRate = 0.05, Seed = 3,
        Schedule = ScheduleKind.WarmRestarts, RestartEpochs = 1, RestartMultiplier = 1, WarmupFraction = 0,
        CropPadding = 2, Flip = FlipMode.Random, Cutout = 4,
        Rotation = 15, ScaleMin = 0.9, ScaleMax = 1.1, Brightness = 0.3, Contrast = 0.3, Saturation = 0.3,
    };

    [Fact]
    public void Same_seed_gives_the_same_run_and_the_lr_restarts_every_epoch()
    {
        using var ds = data.Load(trainLimit: 200, testLimit: 100);
        var a = new Trainer().Run(Strategies, ds);
        var b = new Trainer().Run(Strategies, ds);
        Assert.Equal(a.Epochs.Select(e => e.TrainLoss), b.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(a.TestAccuracy, b.TestAccuracy);
        Assert.All(a.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
        // One-epoch periods: each epoch's last step has the same multiplier, the cosine's last one before the floor.
        var last = new LrSchedule(Strategies, stepsPerEpoch: 4).Multiplier(3);
        Assert.All(a.Epochs, e => Assert.Equal(0.05 * last, e.LearningRate, 12));
        var other = new Trainer().Run(Strategies with { Seed = 4 }, ds);
        Assert.NotEqual(a.Epochs.Select(e => e.TrainLoss), other.Epochs.Select(e => e.TrainLoss));
    }

    [Fact]
    public void Runs_with_every_new_augmentation_leave_no_live_tensors_behind()
    {
        using var ds = data.Load(trainLimit: 100, testLimit: 50);
        var config = Strategies with { Model = "tutorial-cnn", Norm = NormKind.Batch, Width = 1, Epochs = 1 };
        new Trainer().Run(config, ds);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 2; i++)
        {
            new Trainer().Run(config, ds);
        }
        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.True(after - before <= 0, $"live tensors grew by {after - before} over 2 runs");
    }
}

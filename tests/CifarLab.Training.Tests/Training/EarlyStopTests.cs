using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Training;

/// <summary><see cref="EarlyStop"/>: patience counts epochs since the best validation accuracy, read from the history.</summary>
public sealed class EarlyStopTests
{
    private static EpochMetrics Epoch(int epoch, double? validation) =>
        new(epoch, 1, 0.5, null, null, 0.1, 1, 100) { ValidationAccuracy = validation };

    [Fact]
    public void Stops_after_patience_epochs_without_a_better_validation_accuracy()
    {
        var config = new RunConfig { ValidationImages = 100, EarlyStopPatience = 2 };
        List<EpochMetrics> history = [Epoch(1, 0.5), Epoch(2, 0.6), Epoch(3, 0.6)];
        Assert.False(EarlyStop.ShouldStop(config, history.Take(2).ToList(), 3, 0.6)); // one epoch without improvement
        Assert.True(EarlyStop.ShouldStop(config, history, 4, 0.55)); // two: epoch 2 stays the best
        Assert.False(EarlyStop.ShouldStop(config, history, 4, 0.61)); // a new best resets the count
    }

    [Fact]
    public void Never_stops_when_off_or_on_an_epoch_without_a_validation_score()
    {
        List<EpochMetrics> history = [Epoch(1, 0.9), Epoch(2, 0.1)];
        Assert.False(EarlyStop.ShouldStop(new RunConfig { ValidationImages = 100 }, history, 3, 0.1));
        Assert.False(EarlyStop.ShouldStop(new RunConfig { ValidationImages = 100, EarlyStopPatience = 1 }, history, 3, null));
    }
}

using CifarLab.Training.Training;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Queue;

public sealed class FailedRunTests
{
    [Fact]
    public async Task A_run_that_cannot_train_is_failed_with_the_reason_and_the_worker_carries_on()
    {
        var dir = LabFactory.NewDataDirectory();
        var missing = Path.Combine(dir, "no-dataset-here");
        await using var factory = new LabFactory(dir, settings: new Dictionary<string, string> { ["Dataset:Source"] = missing });
        var client = factory.CreateClient();

        var first = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "doomed");
        var second = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "also doomed");

        var failed = await TinyRuns.WaitForStatusAsync(client, first, "Failed");
        Assert.Contains("no-dataset-here", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", failed.Error, StringComparison.Ordinal); // the user's words, not a type name
        Assert.NotNull(failed.FinishedAt);
        await TinyRuns.WaitForStatusAsync(client, second, "Failed");
    }

    [Fact]
    public async Task A_diverging_run_fails_with_advice_and_the_next_run_trains()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory());
        var client = factory.CreateClient();
        var diverging = TinyRuns.Config(epochs: 3) with
        {
            Norm = NormKind.None, Loss = LossReduction.Sum, LearningRate = 100, Schedule = ScheduleKind.Constant, WarmupFraction = 0,
        };

        var bad = await TinyRuns.LaunchAsync(client, diverging, "too hot");
        var good = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "sane");

        var failed = await TinyRuns.WaitForStatusAsync(client, bad, "Failed");
        // The user's words, not a type name: what happened and what to try.
        Assert.StartsWith("Training diverged in epoch 1", failed.Error, StringComparison.Ordinal);
        Assert.Contains("Try a lower learning rate", failed.Error, StringComparison.Ordinal);
        Assert.Empty(failed.Metrics);
        Assert.Equal(0, failed.CompletedEpochs);
        var completed = await TinyRuns.WaitForStatusAsync(client, good, "Completed");
        Assert.NotNull(completed.TestAccuracy);
    }

    [Fact]
    public async Task An_engine_failure_mid_run_keeps_the_epochs_names_the_error_and_the_worker_takes_the_next_run()
    {
        var engine = new ScriptedEngine();
        await using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();
        var broken = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 3), "broken");
        var next = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "next");

        await engine.Run(broken).ReachEpoch(1);
        await engine.Run(broken).Fail(new InvalidOperationException("the device went away"));
        var failed = await TinyRuns.WaitForStatusAsync(client, broken, "Failed");

        // A bug, not the user's doing: the type stays in the message for the report.
        Assert.Equal("InvalidOperationException: the device went away", failed.Error);
        Assert.Equal([1], failed.Metrics.Select(m => m.Epoch));
        Assert.NotNull(failed.FinishedAt);
        await engine.Run(next).Complete();
        await TinyRuns.WaitForStatusAsync(client, next, "Completed");
    }
}

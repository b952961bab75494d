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
        Assert.NotNull(failed.FinishedAt);
        await TinyRuns.WaitForStatusAsync(client, second, "Failed");
    }
}

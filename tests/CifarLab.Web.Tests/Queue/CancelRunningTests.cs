using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Queue;

public sealed class CancelRunningTests
{
    /// <summary>
    /// The real engine honours a cancel mid-run. The run asks for the most epochs a run may have: not a size picked so a
    /// measured machine stays busy, but a run that no test machine finishes before the cancel that follows its start.
    /// </summary>
    [Fact]
    public async Task A_real_running_run_stops_when_cancelled()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory());
        var client = factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: RunOptions.MaxEpochs), "long");
        await TinyRuns.WaitForAsync(client, id, r => r.Status == "Running" && r.Progress is not null);

        (await client.PostAsync($"/api/runs/{id}/cancel", null)).EnsureSuccessStatusCode();

        var cancelled = await TinyRuns.WaitForStatusAsync(client, id, "Cancelled", seconds: 60);
        Assert.True(cancelled.CompletedEpochs < RunOptions.MaxEpochs);
        Assert.NotNull(cancelled.FinishedAt);
    }

    [Fact]
    public async Task A_run_cancelled_mid_way_keeps_its_epochs_and_the_worker_moves_on()
    {
        var engine = new ScriptedEngine();
        await using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 5), "long");
        var next = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 1), "next");
        await engine.Run(id).ReachEpoch(2);

        (await client.PostAsync($"/api/runs/{id}/cancel", null)).EnsureSuccessStatusCode();

        await engine.Run(id).Ended.WaitAsync(ScriptedEngine.Patience);
        var cancelled = await TinyRuns.WaitForStatusAsync(client, id, "Cancelled");
        Assert.Equal(2, cancelled.CompletedEpochs);
        Assert.Equal([1, 2], cancelled.Metrics.Select(m => m.Epoch));
        Assert.NotNull(cancelled.FinishedAt);
        Assert.Null(cancelled.Error);

        await engine.Run(next).Complete();
        await TinyRuns.WaitForStatusAsync(client, next, "Completed");
        Assert.Equal([id, next], engine.Requests.Select(r => int.Parse(Path.GetFileName(r.RunDirectory), System.Globalization.CultureInfo.InvariantCulture)));
    }
}

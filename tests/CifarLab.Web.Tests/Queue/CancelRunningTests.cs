using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Queue;

public sealed class CancelRunningTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_running_run_stops_when_cancelled_and_the_worker_moves_on()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 1000), "long");
        var next = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 1), "next");
        await TinyRuns.WaitForAsync(client, id, r => r.Status == "Running" && r.Progress is not null);

        (await client.PostAsync($"/api/runs/{id}/cancel", null)).EnsureSuccessStatusCode();

        var cancelled = await TinyRuns.WaitForStatusAsync(client, id, "Cancelled", seconds: 60);
        Assert.True(cancelled.CompletedEpochs < 1000);
        Assert.NotNull(cancelled.FinishedAt);
        await TinyRuns.WaitForStatusAsync(client, next, "Completed");
    }
}

using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Queue;

/// <summary>The queue lives in SQLite: runs survive restarts, and a stop mid-run is recoverable.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_queued_run_survives_a_restart_and_then_runs()
    {
        var dir = LabFactory.NewDataDirectory();
        int id;
        await using (var first = new LabFactory(dir, workerEnabled: false))
        {
            id = await TinyRuns.LaunchAsync(first.CreateClient(), TinyRuns.Config(), "survivor");
            Assert.Equal("Queued", (await TinyRuns.GetAsync(first.CreateClient(), id)).Status);
        }

        await using var second = new LabFactory(dir);
        var run = await TinyRuns.WaitForStatusAsync(second.CreateClient(), id, "Completed");

        Assert.Single(run.Metrics);
        Assert.NotNull(run.TestAccuracy);
    }

    [Fact]
    public async Task A_run_stopped_by_the_host_is_interrupted_and_resumes_from_its_checkpoint()
    {
        var dir = LabFactory.NewDataDirectory();
        const int epochs = 30;
        int id;
        await using (var first = new LabFactory(dir))
        {
            var client = first.CreateClient();
            id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs), "interrupted");
            // Stop once an epoch (and so its checkpoint) exists but well before the end.
            await TinyRuns.WaitForAsync(client, id, r => r.CompletedEpochs >= 1 || r.Status != "Queued" && r.Status != "Running");
        }

        await using var second = new LabFactory(dir);
        var client2 = second.CreateClient();
        var stopped = await TinyRuns.GetAsync(client2, id);
        Assert.Equal("Interrupted", stopped.Status);
        var doneBefore = stopped.CompletedEpochs;
        Assert.InRange(doneBefore, 1, epochs - 1);

        using var resume = await client2.PostAsync($"/api/runs/{id}/resume", null);
        resume.EnsureSuccessStatusCode();
        var run = await TinyRuns.WaitForStatusAsync(client2, id, "Completed");

        Assert.Equal(Enumerable.Range(1, epochs), run.Metrics.Select(m => m.Epoch));
        Assert.NotNull(run.TestAccuracy);
        await using var db = second.CreateDbContext();
        Assert.False((await db.Runs.SingleAsync(r => r.Id == id)).ResumeFromCheckpoint);
    }

    [Fact]
    public async Task A_run_left_running_by_a_crash_is_marked_interrupted_at_startup()
    {
        var dir = LabFactory.NewDataDirectory();
        int id;
        await using (var first = new LabFactory(dir, workerEnabled: false))
        {
            id = await TinyRuns.LaunchAsync(first.CreateClient(), TinyRuns.Config(), "crashed");
            // What a killed process leaves behind: the row still says Running, owned by this worker.
            await using var db = first.CreateDbContext();
            await db.Runs.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.WorkerId, LabFactory.WorkerId)
                .SetProperty(r => r.LeaseExpiresAt, DateTime.UtcNow.AddHours(1)));
        }

        await using var second = new LabFactory(dir, workerEnabled: false);
        var run = await TinyRuns.GetAsync(second.CreateClient(), id);

        Assert.Equal("Interrupted", run.Status);
    }
}

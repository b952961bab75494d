using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Queue;

/// <summary>The queue lives in SQLite: runs survive restarts, and a stop mid-run is recoverable (scripted engine).</summary>
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
            var queued = await TinyRuns.GetAsync(first.CreateClient(), id);
            Assert.Equal("Queued", queued.Status);
            // Counted at launch from the contract's formula, in a host that never loaded the engine.
            Assert.Equal(ModelSpecs.Get(TinyRuns.Config().Model).CountParameters(TinyRuns.Config().Width, TinyRuns.Config().Norm), queued.ParameterCount);
        }

        var engine = new ScriptedEngine();
        await using var second = LabFactory.Scripted(engine, dir);
        _ = second.Services; // start the host: its worker takes the queued run
        await engine.Run(id).ReachEpoch(1);
        await engine.Run(id).Complete();
        var run = await TinyRuns.WaitForStatusAsync(second.CreateClient(), id, "Completed");

        Assert.Single(run.Metrics);
        Assert.Equal(0.5, run.TestAccuracy);
        // The finished run keeps the trainer's own count.
        Assert.Equal(ScriptedEngine.ParameterCount, run.ParameterCount);
    }

    [Fact]
    public async Task A_run_stopped_by_the_host_is_interrupted_and_resumes_from_its_checkpoint()
    {
        var dir = LabFactory.NewDataDirectory();
        const int epochs = 4;
        int id;
        var firstEngine = new ScriptedEngine();
        await using (var first = LabFactory.Scripted(firstEngine, dir))
        {
            id = await TinyRuns.LaunchAsync(first.CreateClient(), TinyRuns.Config(epochs), "interrupted");
            await firstEngine.Run(id).ReachEpoch(2);
            await TinyRuns.WaitForAsync(first.CreateClient(), id, r => r.CompletedEpochs == 2);
        }
        Assert.True(firstEngine.Run(id).Ended.IsCompleted, "the host's stop cancelled the training call");

        var engine = new ScriptedEngine();
        await using var second = LabFactory.Scripted(engine, dir);
        var client = second.CreateClient();
        var stopped = await TinyRuns.GetAsync(client, id);
        Assert.Equal("Interrupted", stopped.Status);
        Assert.Equal(2, stopped.CompletedEpochs);

        using var resume = await client.PostAsync($"/api/runs/{id}/resume", null);
        resume.EnsureSuccessStatusCode();
        var request = await engine.Run(id).Started.WaitAsync(ScriptedEngine.Patience);
        Assert.True(request.Resume);
        await engine.Run(id).After(2).ReachEpoch(epochs);
        await engine.Run(id).Complete();
        var run = await TinyRuns.WaitForStatusAsync(client, id, "Completed");

        Assert.Equal(Enumerable.Range(1, epochs), run.Metrics.Select(m => m.Epoch));
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

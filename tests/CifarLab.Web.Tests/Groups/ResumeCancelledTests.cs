using System.Net;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Groups;

/// <summary>A run cancelled after a checkpoint resumes from it; one cancelled before any has nothing to resume.</summary>
public sealed class ResumeCancelledTests
{
    [Fact]
    public async Task A_run_cancelled_after_a_checkpoint_resumes_from_its_last_one()
    {
        var engine = new ScriptedEngine();
        await using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 5), "long");
        await engine.Run(id).ReachEpoch(3);
        (await client.PostAsync($"/api/runs/{id}/cancel", null)).EnsureSuccessStatusCode();
        await engine.Run(id).Ended.WaitAsync(ScriptedEngine.Patience);
        await TinyRuns.WaitForStatusAsync(client, id, "Cancelled");
        var next = engine.NextAttempt(id);

        using var resume = await client.PostAsync($"/api/runs/{id}/resume", null);

        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        var attempt = await next;
        var request = await attempt.Started.WaitAsync(ScriptedEngine.Patience);
        Assert.True(request.Resume);
        Assert.Equal(3, CifarLab.Contract.CheckpointLayout.LatestEpoch(request.RunDirectory));
        await attempt.After(3).ReachEpoch(5);
        await attempt.Complete();
        var done = await TinyRuns.WaitForStatusAsync(client, id, "Completed");
        Assert.Equal([1, 2, 3, 4, 5], done.Metrics.Select(m => m.Epoch));
    }

    [Fact]
    public async Task A_run_cancelled_while_queued_has_no_checkpoint_and_resume_is_a_409()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "waiting");
        (await client.PostAsync($"/api/runs/{id}/cancel", null)).EnsureSuccessStatusCode();

        using var resume = await client.PostAsync($"/api/runs/{id}/resume", null);

        var detail = await CifarLab.Web.Tests.Accounts.ProblemAssert.IsProblem(resume, HttpStatusCode.Conflict);
        Assert.Contains("before its first epoch checkpoint", detail, StringComparison.Ordinal);
        Assert.Equal("Cancelled", (await TinyRuns.GetAsync(client, id)).Status);
    }
}

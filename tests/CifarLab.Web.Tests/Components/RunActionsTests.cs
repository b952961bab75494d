using Bunit;
using CifarLab.Training.Training;
using CifarLab.Web.Components.Widgets;
using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Components;

/// <summary>The answer to a cancel request goes away once the run has actually stopped.</summary>
public sealed class RunActionsTests : ComponentTestBase
{
    [Fact]
    public void The_cancellation_notice_clears_when_the_run_is_cancelled()
    {
        var run = new RunRecord
        {
            Name = "long", Model = "tutorial-cnn", ConfigJson = new RunConfig().ToJson(), Device = "cpu",
            Epochs = 500, Status = RunStatus.Running, CreatedAt = DateTime.UtcNow,
        };
        using (var db = CreateDbContext())
        {
            db.Runs.Add(run);
            db.SaveChanges();
        }
        var runId = run.Id;
        var actions = Render<RunActions>(p => p.Add(c => c.RunId, runId).Add(c => c.Status, RunStatus.Running));

        actions.Find("#cancel-run").Click();
        actions.Find("#confirm-cancel").Click();
        actions.WaitForAssertion(() => Assert.Contains("Cancellation requested", actions.Markup, StringComparison.Ordinal));

        actions.Render(p => p.Add(c => c.RunId, runId).Add(c => c.Status, RunStatus.Cancelled));

        Assert.DoesNotContain("Cancellation requested", actions.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_asks_first_and_keeping_the_run_leaves_it_running()
    {
        var runId = AddRun(RunStatus.Running);
        var actions = Render<RunActions>(p => p.Add(c => c.RunId, runId).Add(c => c.Status, RunStatus.Running));

        actions.Find("#cancel-run").Click();
        Assert.Contains($"Cancel run #{runId}?", actions.Find("#cancel-dialog").TextContent, StringComparison.Ordinal);
        actions.Find("#keep-run").Click();

        Assert.Empty(actions.FindAll("#cancel-dialog"));
        using var db = CreateDbContext();
        var run = db.Runs.Single(r => r.Id == runId);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.False(run.CancelRequested);

        actions.Find("#cancel-run").Click();
        actions.Find("#confirm-cancel").Click();
        actions.WaitForAssertion(() => Assert.Contains("Cancellation requested", actions.Markup, StringComparison.Ordinal));
        using var after = CreateDbContext();
        Assert.True(after.Runs.Single(r => r.Id == runId).CancelRequested);
    }

    [Fact]
    public void A_cancelled_run_offers_resume_only_with_a_checkpoint()
    {
        var withCheckpoint = CheckpointOffers.For(7, RunStatus.Cancelled, ["epoch-0002/model.bin", "epoch-0002/state.json"]);

        var resumable = Render<RunActions>(p => p.Add(c => c.RunId, 7).Add(c => c.Status, RunStatus.Cancelled).Add(c => c.Checkpoint, withCheckpoint));
        var nothing = Render<RunActions>(p => p.Add(c => c.RunId, 8).Add(c => c.Status, RunStatus.Cancelled));

        Assert.Single(resumable.FindAll("#resume-run"));
        Assert.Empty(nothing.FindAll("#resume-run"));
    }

    private int AddRun(RunStatus status)
    {
        var run = new RunRecord
        {
            Name = "long", Model = "tutorial-cnn", ConfigJson = new RunConfig().ToJson(), Device = "cpu",
            Epochs = 500, Status = status, CreatedAt = DateTime.UtcNow,
        };
        using var db = CreateDbContext();
        db.Runs.Add(run);
        db.SaveChanges();
        return run.Id;
    }

    [Fact]
    public void An_unfinished_runs_download_is_labelled_as_its_last_epoch_checkpoint_and_a_completed_runs_as_its_weights()
    {
        var interrupted = CheckpointOffers.For(7, RunStatus.Interrupted, ["epoch-0003/model.bin", "epoch-0003/state.json", "model.safetensors.tmp"]);
        var completed = CheckpointOffers.For(7, RunStatus.Completed, ["model.bin", "model.safetensors", "config.json", "epoch-0003/model.bin"]);

        var last = Render<RunActions>(p => p.Add(c => c.RunId, 7).Add(c => c.Status, RunStatus.Interrupted).Add(c => c.Checkpoint, interrupted));
        var final = Render<RunActions>(p => p.Add(c => c.RunId, 7).Add(c => c.Status, RunStatus.Completed).Add(c => c.Checkpoint, completed));
        var none = Render<RunActions>(p => p.Add(c => c.RunId, 7).Add(c => c.Status, RunStatus.Queued)
            .Add(c => c.Checkpoint, CheckpointOffers.For(7, RunStatus.Queued, ["epoch-0003/model.bin"])));

        Assert.Equal("Download last epoch checkpoint (epoch 3) (.zip)", last.Find("#download-checkpoint").TextContent);
        Assert.Equal("Download weights (.zip)", final.Find("#download-checkpoint").TextContent);
        Assert.Empty(none.FindAll("#download-checkpoint"));
        Assert.Equal(["config.json", "model.bin", "model.safetensors"], completed!.Files);
    }
}

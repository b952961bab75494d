using Bunit;
using CifarLab.Training.Training;
using CifarLab.Web.Components.Widgets;
using CifarLab.Web.Data;
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
        actions.WaitForAssertion(() => Assert.Contains("Cancellation requested", actions.Markup, StringComparison.Ordinal));

        actions.Render(p => p.Add(c => c.RunId, runId).Add(c => c.Status, RunStatus.Cancelled));

        Assert.DoesNotContain("Cancellation requested", actions.Markup, StringComparison.Ordinal);
    }
}

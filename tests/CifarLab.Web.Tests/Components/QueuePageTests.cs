using Bunit;
using CifarLab.Training.Training;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Data;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Components;

/// <summary>The queue's phase and progress columns follow the same live messages.</summary>
public sealed class QueuePageTests : ComponentTestBase
{
    private readonly int _runId;

    public QueuePageTests()
    {
        using var db = CreateDbContext();
        var run = new RunRecord
        {
            Name = "long", Model = "tutorial-cnn", ConfigJson = new RunConfig { Epochs = 500 }.ToJson(), Device = "cpu",
            Epochs = 500, Status = RunStatus.Running, CreatedAt = DateTime.UtcNow, CompletedEpochs = 3, Phase = "Epoch 4/500",
        };
        db.Runs.Add(run);
        db.SaveChanges();
        _runId = run.Id;
    }

    [Fact]
    public void A_new_epoch_moves_the_phase_and_the_progress_together()
    {
        var page = Render<QueuePage>();
        var notifier = Services.GetRequiredService<RunNotifier>();

        // The phase message alone, as the pump sends it: the page need not wait for a database read
        // (here the row still says epoch 4) to show it.
        notifier.Publish(new RunStatusMessage(_runId, RunStatus.Running, "Epoch 5/500", null, null, DateTime.UtcNow));
        notifier.Publish(new RunProgressMessage(_runId, 5, 500, 4, 10, 0.0081, 1.9, 400, 0.05, 30, 3000));

        page.WaitForAssertion(() =>
        {
            var cells = page.Find($"#queue tr[data-run-id='{_runId}']").QuerySelectorAll("td");
            Assert.Contains("Epoch 5/500", cells[3].TextContent, StringComparison.Ordinal);
            Assert.Contains("epoch 5/500", cells[4].TextContent, StringComparison.Ordinal);
        });
    }
}

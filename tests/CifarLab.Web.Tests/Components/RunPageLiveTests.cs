using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Data;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Components;

/// <summary>The run page rebuilds its history from the database, then grows with live messages.</summary>
public sealed class RunPageLiveTests : ComponentTestBase
{
    private readonly int _runId;

    public RunPageLiveTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        _runId = AddRun("mid-run", RunStatus.Running, epochs: 3, r =>
        {
            r.CompletedEpochs = 1;
            r.EpochRows = [new EpochRow { Epoch = 1, TrainLoss = 2.0, TrainAccuracy = 0.2, TestLoss = 1.9, TestAccuracy = 0.3, LearningRate = 0.05 }];
        });
    }

    /// <summary>Saves a tutorial-cnn run in the given state and returns its id.</summary>
    private int AddRun(string name, RunStatus status, int epochs = 2, Action<RunRecord>? configure = null)
    {
        using var db = CreateDbContext();
        var run = new RunRecord
        {
            Name = name, Model = "tutorial-cnn", ConfigJson = new RunConfig { Epochs = epochs }.ToJson(), Device = "cpu",
            Epochs = epochs, Status = status, CreatedAt = DateTime.UtcNow,
        };
        configure?.Invoke(run);
        db.Runs.Add(run);
        db.SaveChanges();
        return run.Id;
    }

    private static string SeriesLength(IRenderedComponent<RunDetails> page, string chart) =>
        page.Find($"#{chart}").GetAttribute("data-series-length")!;

    [Fact]
    public void History_comes_from_the_database_and_live_epochs_extend_it()
    {
        var page = Render<RunDetails>(p => p.Add(r => r.Id, _runId));
        Assert.Equal("1", SeriesLength(page, "chart-loss"));
        Assert.Single(page.FindAll("#epoch-table tbody tr"));

        var notifier = Services.GetRequiredService<RunNotifier>();
        notifier.Publish(new RunEpochMessage(_runId, new EpochMetrics(2, 1.5, 0.4, 1.4, 0.45, 0.03, 2.0, 500)));

        page.WaitForAssertion(() => Assert.Equal("2", SeriesLength(page, "chart-loss")));
        Assert.Equal("2", SeriesLength(page, "chart-accuracy"));
        Assert.Equal(2, page.FindAll("#epoch-table tbody tr").Count);
    }

    [Fact]
    public void A_live_epoch_is_appended_from_the_message_and_only_a_status_change_reads_the_run_again()
    {
        var page = Render<RunDetails>(p => p.Add(r => r.Id, _runId));
        using (var db = CreateDbContext())
        {
            db.Runs.Single(r => r.Id == _runId).Name = "renamed in the database";
            db.SaveChanges();
        }
        var notifier = Services.GetRequiredService<RunNotifier>();

        notifier.Publish(new RunEpochMessage(_runId, new EpochMetrics(2, 1.5, 0.4, 1.4, 0.45, 0.03, 2.0, 500)));
        notifier.Publish(new RunStatusMessage(_runId, RunStatus.Running, "Epoch 3/3", null, null, DateTime.UtcNow));

        page.WaitForAssertion(() => Assert.Equal("Epoch 3/3", page.Find("#phase").TextContent));
        Assert.Equal(2, page.FindAll("#epoch-table tbody tr").Count);
        Assert.Contains("mid-run", page.Find("h1").TextContent, StringComparison.Ordinal); // not read again

        notifier.Publish(new RunStatusMessage(_runId, RunStatus.Interrupted, "interrupted", null, null, DateTime.UtcNow));
        page.WaitForAssertion(() => Assert.Contains("renamed in the database", page.Find("h1").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Live_progress_moves_the_bar_and_other_runs_are_ignored()
    {
        var page = Render<RunDetails>(p => p.Add(r => r.Id, _runId));
        var notifier = Services.GetRequiredService<RunNotifier>();

        notifier.Publish(new RunProgressMessage(_runId, 2, 3, 15, 30, 0.5, 1.7, 400, 0.04, 10, 10));
        notifier.Publish(new RunEpochMessage(_runId + 1, new EpochMetrics(2, 1, 1, 1, 1, 1, 1, 1)));

        page.WaitForAssertion(() => Assert.Equal("0.5000", page.Find("#progress").GetAttribute("data-fraction")));
        Assert.Contains("Epoch 2 / 3", page.Find("#progress").TextContent, StringComparison.Ordinal);
        Assert.Equal("1", SeriesLength(page, "chart-loss"));
    }

    [Fact]
    public void A_finished_status_reloads_the_results()
    {
        var page = Render<RunDetails>(p => p.Add(r => r.Id, _runId));
        using (var db = CreateDbContext())
        {
            var run = db.Runs.Single(r => r.Id == _runId);
            run.Status = RunStatus.Completed;
            run.TestAccuracy = 0.875;
            db.SaveChanges();
        }

        Services.GetRequiredService<RunNotifier>().Publish(new RunStatusMessage(_runId, RunStatus.Completed, "completed", null, 0.875, DateTime.UtcNow));

        page.WaitForAssertion(() => Assert.Equal("87.50 %", page.Find("#test-accuracy").TextContent.Trim()));
        Assert.Equal("Completed", page.Find("[data-status]").GetAttribute("data-status"));
        Assert.Empty(page.FindAll("#progress"));
    }

    [Fact]
    public void A_run_that_failed_before_its_first_epoch_shows_the_reason_instead_of_empty_charts()
    {
        var id = AddRun("too hot", RunStatus.Failed, configure: r =>
            r.Error = "Training diverged in epoch 1 (step 7): the training loss became NaN.");

        var page = Render<RunDetails>(p => p.Add(r => r.Id, id));

        Assert.Contains("Training diverged in epoch 1", page.Find("#run-error").TextContent, StringComparison.Ordinal);
        Assert.Contains("No epoch finished", page.Find("#no-curves").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#chart-loss"));
    }

    [Fact]
    public void A_queued_run_keeps_its_charts_ready_for_the_first_epoch()
    {
        var id = AddRun("waiting", RunStatus.Queued);

        var page = Render<RunDetails>(p => p.Add(r => r.Id, id));

        Assert.Equal("0", SeriesLength(page, "chart-loss"));
        Assert.Empty(page.FindAll("#no-curves"));
    }
}

using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Data;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Components;

/// <summary>The run page of a run with a validation split: its score next to the test score, a validation curve on
/// the loss and accuracy charts, validation columns in the epoch table; a run without a split draws no such curve.</summary>
public sealed class RunPageValidationTests : ComponentTestBase
{
    public RunPageValidationTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private int AddRun(int validationImages, RunStatus status, Action<RunRecord> configure)
    {
        using var db = CreateDbContext();
        var run = new RunRecord
        {
            Name = "split", Model = "tutorial-cnn", ConfigJson = new RunConfig { Epochs = 2, ValidationImages = validationImages }.ToJson(),
            Device = "cpu", Epochs = 2, Status = status, CreatedAt = DateTime.UtcNow,
        };
        configure(run);
        db.Runs.Add(run);
        db.SaveChanges();
        return run.Id;
    }

    [Fact]
    public void A_split_run_shows_its_validation_score_curve_and_columns_and_live_epochs_add_to_them()
    {
        var id = AddRun(5000, RunStatus.Running, r =>
        {
            r.CompletedEpochs = 1;
            r.EpochRows = [new EpochRow { Epoch = 1, TrainLoss = 2.0, TrainAccuracy = 0.2, ValidationLoss = 1.8, ValidationAccuracy = 0.35, LearningRate = 0.05 }];
        });
        var page = Render<RunDetails>(p => p.Add(r => r.Id, id));

        Assert.Contains("5000 held-out images", page.Markup, StringComparison.Ordinal);
        Assert.Equal("35.00%", page.Find("#validation-accuracy").TextContent.Trim().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("3", page.Find("#chart-accuracy").GetAttribute("data-series-count")); // train, test, validation
        Assert.Contains("val acc", page.Find("#epoch-table thead").TextContent, StringComparison.Ordinal);

        Services.GetRequiredService<RunNotifier>().Publish(new RunEpochMessage(id,
            new EpochMetrics(2, 1.5, 0.4, 1.4, 0.45, 0.03, 2.0, 500) { ValidationLoss = 1.3, ValidationAccuracy = 0.5 }));
        page.WaitForAssertion(() => Assert.Equal("50.00%", page.Find("#validation-accuracy").TextContent.Trim().Replace(" ", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_run_without_a_split_has_no_validation_score_or_curve()
    {
        var id = AddRun(0, RunStatus.Completed, r =>
        {
            r.CompletedEpochs = 1;
            r.TestAccuracy = 0.3;
            r.EpochRows = [new EpochRow { Epoch = 1, TrainLoss = 2.0, TrainAccuracy = 0.2, TestLoss = 1.9, TestAccuracy = 0.3, LearningRate = 0.05 }];
        });
        var page = Render<RunDetails>(p => p.Add(r => r.Id, id));
        Assert.Empty(page.FindAll("#validation-accuracy"));
        Assert.Equal("2", page.Find("#chart-accuracy").GetAttribute("data-series-count"));
    }
}

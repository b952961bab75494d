using System.Net.Http.Json;
using System.Text.Json;
using CifarLab.Web.Api;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Api;

/// <summary>
/// Runs with a validation split (RunConfig.ValidationImages), played by the <see cref="ScriptedEngine"/>: the validation
/// scores per epoch and per run reach the API, the CSV and the live messages, and the leaderboard sorts by either score.
/// </summary>
public sealed class ValidationMetricsTests
{
    private static RunConfig WithSplit => TinyRuns.Config(epochs: 2) with { ValidationImages = 32 };

    [Fact]
    public async Task Validation_scores_are_stored_per_epoch_and_per_run_and_the_leaderboard_sorts_by_either()
    {
        var engine = new ScriptedEngine();
        await using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();
        var tuned = await TinyRuns.LaunchAsync(client, WithSplit, "tuned on validation");
        var lucky = await TinyRuns.LaunchAsync(client, WithSplit, "lucky on test");

        // tuned: validation 0.70, test 0.60; lucky: validation 0.50, test 0.70.
        await PlayAsync(engine, tuned, validation: 0.70, test: 0.60);
        await PlayAsync(engine, lucky, validation: 0.50, test: 0.70);
        await TinyRuns.WaitForStatusAsync(client, tuned, "Completed");
        var detail = await TinyRuns.WaitForStatusAsync(client, lucky, "Completed");

        Assert.Equal(0.50, detail.ValidationAccuracy);
        Assert.Equal(0.9, detail.ValidationLoss);
        Assert.Equal(0.70, detail.TestAccuracy);
        Assert.Equal([0.45, 0.50], detail.Metrics.Select(m => m.ValidationAccuracy));
        Assert.Null(detail.Metrics[0].TestAccuracy); // the test set is scored once, at the end
        Assert.Equal(0.70, detail.Metrics[1].TestAccuracy);

        Assert.Equal([lucky, tuned], await SortedIdsAsync(client, "TestAccuracy"));
        Assert.Equal([tuned, lucky], await SortedIdsAsync(client, "ValidationAccuracy"));
        var list = await client.GetFromJsonAsync<RunListDto>("/api/runs?sort=ValidationAccuracy", TinyRuns.ApiJson);
        Assert.Equal(0.70, list!.Items[0].ValidationAccuracy);

        var csv = (await client.GetStringAsync("/api/runs/export.csv?sort=ValidationAccuracy")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        var column = Array.IndexOf(header, "validation_accuracy");
        Assert.Equal(Array.IndexOf(header, "test_accuracy") + 1, column);
        Assert.Equal("0.7", csv[1].Split(',')[column]);
        Assert.Equal("0.5", csv[2].Split(',')[column]);
    }

    [Fact]
    public void Live_epoch_and_status_messages_carry_the_validation_scores()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var epoch = JsonSerializer.SerializeToElement(new RunEpochMessage(4, Epoch(1, 0.45, test: null)), json);
        Assert.Equal(0.45, epoch.GetProperty("validationAccuracy").GetDouble());
        Assert.Equal(JsonValueKind.Null, epoch.GetProperty("testAccuracy").ValueKind);
        var back = JsonSerializer.Deserialize<RunEpochMessage>(epoch.GetRawText(), json)!;
        Assert.Equal(0.45, back.Metrics.ValidationAccuracy);

        var status = JsonSerializer.SerializeToElement(
            new RunStatusMessage(4, Data.RunStatus.Completed, "completed", null, 0.6, DateTime.UtcNow, ValidationAccuracy: 0.7), json);
        Assert.Equal(0.7, status.GetProperty("validationAccuracy").GetDouble());
    }

    /// <summary>Epoch 1 validated only; epoch 2 validated and tested; then the run completes with that result.</summary>
    private static async Task PlayAsync(ScriptedEngine engine, int id, double validation, double test)
    {
        var run = engine.Run(id);
        var epochs = new[] { Epoch(1, validation - 0.05, test: null), Epoch(2, validation, test) };
        await run.Emit(epochs);
        var request = await run.Started;
        var result = run.ResultFor(request.Config) with { Epochs = epochs, Test = Test(test) };
        await run.Complete(result);
    }

    private static EpochMetrics Epoch(int epoch, double validation, double? test) =>
        new(epoch, TrainLoss: 1.0, TrainAccuracy: 0.8, TestLoss: test is null ? null : 1.1, TestAccuracy: test, LearningRate: 0.05, EpochSeconds: 1, ImagesPerSecond: 320)
        {
            ValidationLoss = 0.9,
            ValidationAccuracy = validation,
        };

    private static EvaluationResult Test(double accuracy) =>
        new(accuracy, 1.1, 40, Enumerable.Repeat(accuracy, 10).ToArray(),
            Enumerable.Range(0, 10).Select(i => Enumerable.Range(0, 10).Select(j => i == j ? 4 : 0).ToArray()).ToArray(), []);

    private static async Task<List<int>> SortedIdsAsync(HttpClient client, string column)
    {
        var page = await client.GetFromJsonAsync<RunListDto>($"/api/runs?sort={column}&desc=true", TinyRuns.ApiJson);
        return page!.Items.Select(r => r.Id).ToList();
    }
}

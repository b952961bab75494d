using System.Collections.Concurrent;
using System.Text.Json;
using CifarLab.Web.Lab;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Outputs;

/// <summary>
/// A NaN or infinite score never crashes an output: the database, the REST API, the CSV export and the live hub all
/// carry it as null (issue 18). The numbers go in through the real store and publisher, as an engine would send them.
/// </summary>
public sealed class NonFiniteOutputTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_database_api_and_csv_store_and_show_non_finite_scores_as_null()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 1), "non-finite");
        var lifecycle = _factory.Services.GetRequiredService<RunLifecycle>();
        Assert.Equal(id, (await lifecycle.TryClaimAsync("engine", "auto", TimeSpan.FromMinutes(1), null, CancellationToken.None))?.Id);
        var config = TinyRuns.Config(epochs: 1);
        var epoch = new EpochMetrics(1, 2.3, 0.1, double.NaN, double.PositiveInfinity, 0.05, 1.5, 100);
        await lifecycle.RecordEpochAsync(id, epoch);
        var test = new EvaluationResult(0.1, double.NaN, 100, new double[10], Enumerable.Range(0, 10).Select(_ => new int[10]).ToArray(), []);
        await lifecycle.CompleteAsync(id, new TrainedRun(new TrainingResult(config, test, [epoch], 1.5, double.PositiveInfinity, "cpu", 1000, null, null), []));

        await using (var db = _factory.CreateDbContext())
        {
            var run = await db.Runs.SingleAsync(r => r.Id == id);
            Assert.Null(run.TestLoss);
            Assert.Null(run.ImagesPerSecond);
            var row = await db.Epochs.SingleAsync(e => e.RunId == id);
            Assert.Null(row.TestLoss);
            Assert.Null(row.TestAccuracy);
        }

        using var response = await client.GetAsync($"/api/runs/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("testLoss").ValueKind);
        Assert.Equal(0.1, json.RootElement.GetProperty("testAccuracy").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("metrics")[0].GetProperty("testLoss").ValueKind);

        var csv = await client.GetStringAsync("/api/runs/export.csv");
        var line = csv.Split('\n').Single(l => l.StartsWith($"{id},", StringComparison.Ordinal));
        Assert.DoesNotContain("NaN", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_hub_sends_non_finite_scores_as_null()
    {
        var received = new ConcurrentQueue<RunEpochMessage>();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = _factory.ConnectHub();
        hub.On<RunEpochMessage>(nameof(ITrainingClient.RunEpoch), m =>
        {
            received.Enqueue(m);
            arrived.TrySetResult();
        });
        await hub.StartAsync();
        await hub.InvokeAsync(nameof(TrainingHub.JoinAll));

        var publisher = _factory.Services.GetRequiredService<LivePublisher>();
        await publisher.PublishAsync(new RunEpochMessage(7, new EpochMetrics(1, 2.3, 0.1, double.NaN, double.NegativeInfinity, 0.05, 1.5, 100)));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var message = Assert.Single(received);
        Assert.Equal(7, message.RunId);
        Assert.Null(message.Metrics.TestLoss);
        Assert.Null(message.Metrics.TestAccuracy);
        Assert.Equal(2.3, message.Metrics.TrainLoss);
    }
}

using System.IO.Compression;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Api;

public sealed class RunLifecycleTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_tiny_run_launched_through_the_api_completes_with_its_metrics_stored()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 2), "lifecycle");

        var run = await TinyRuns.WaitForStatusAsync(client, id, "Completed");

        Assert.Equal("Completed", run.Status);
        Assert.Null(run.Error);
        Assert.Equal(2, run.Metrics.Count);
        Assert.Equal([1, 2], run.Metrics.Select(m => m.Epoch));
        Assert.All(run.Metrics, m => Assert.True(m.TrainLoss > 0 && double.IsFinite(m.TrainLoss)));
        Assert.NotNull(run.TestAccuracy);
        Assert.InRange(run.TestAccuracy!.Value, 0, 1);
        Assert.NotNull(run.Result);
        Assert.Equal(10, run.Result!.PerClassAccuracy.Length);
        Assert.Equal(TestDataset.TestCount, run.Result.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Contains(run.Artifacts, a => a.Path == "model.safetensors");

        // The same numbers are in the database, not only in memory.
        await using var db = _factory.CreateDbContext();
        Assert.Equal(2, await db.Epochs.CountAsync(e => e.RunId == id));
        var stored = await db.Runs.SingleAsync(r => r.Id == id);
        Assert.Equal(run.TestAccuracy, stored.TestAccuracy);
        Assert.NotNull(stored.EnvironmentJson);
        // The test host trains with Worker:CpuThreads=1: the run's environment says so, not libtorch's default.
        var environment = System.Text.Json.JsonSerializer.Deserialize<CifarLab.Contract.BackendReport>(stored.EnvironmentJson!);
        Assert.Equal(1, environment!.Threads);
    }

    [Fact]
    public async Task The_checkpoint_download_holds_the_weights_the_export_and_the_config()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 1), "download");
        await TinyRuns.WaitForStatusAsync(client, id, "Completed");

        using var response = await client.GetAsync($"/api/runs/{id}/checkpoint");

        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("model.safetensors", names);
        Assert.Contains("model.bin", names);
        Assert.Contains("config.json", names);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        var config = CifarLab.Contract.RunConfig.FromJson(await reader.ReadToEndAsync());
        Assert.Equal("tutorial-cnn", config.Model);
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using CifarLab.Training.Data;
using CifarLab.Web.Worker;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Dataset;

/// <summary>The home page's dataset panel: an archive is prepared with progress; a bad source says why.</summary>
public sealed class DatasetPreparationTests
{
    // /health answers 503 while the dataset is unusable; the body says why either way.
    private static async Task<JsonElement> DatasetHealth(LabFactory factory)
    {
        using var response = await factory.CreateClient().GetAsync("/health");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("dataset");
    }

    [Fact]
    public async Task An_archive_source_is_extracted_with_progress_and_then_ready()
    {
        var dir = LabFactory.NewDataDirectory();
        var archive = Path.Combine(dir, "cifar-10-binary.tar.gz");
        CifarWriter.WriteArchive(TestDataset.Folder, archive);
        // No MD5 set: a local archive's wrapper is not checked, its (generated, allowed) files are.
        await using var factory = new LabFactory(dir, workerEnabled: false, new Dictionary<string, string> { ["Dataset:Source"] = archive });
        Assert.Equal("notDownloaded", (await DatasetHealth(factory)).GetProperty("state").GetString());
        var messages = new ConcurrentQueue<DatasetMessage>();
        using var _ = factory.Services.GetRequiredService<RunNotifier>().SubscribeDataset(m =>
        {
            messages.Enqueue(m);
            return Task.CompletedTask;
        });

        await factory.Services.GetRequiredService<DatasetPreparer>().StartAsync();

        var after = await DatasetHealth(factory);
        Assert.True(after.GetProperty("state").GetString() == "ready", string.Join(" | ", messages.Select(m => m.Message)));
        Assert.Contains(messages, m => m is { Done: false, Fraction: > 0 });
        Assert.True(messages.Last() is { Done: true, Failed: false }, messages.Last().Message);
    }

    [Fact]
    public async Task A_missing_source_is_reported_with_its_path()
    {
        var dir = LabFactory.NewDataDirectory();
        var missing = Path.Combine(dir, "nowhere", "cifar.tar.gz");
        await using var factory = new LabFactory(dir, workerEnabled: false, new Dictionary<string, string> { ["Dataset:Source"] = missing });

        var health = await DatasetHealth(factory);
        await factory.Services.GetRequiredService<DatasetPreparer>().StartAsync();

        Assert.Equal("invalid", health.GetProperty("state").GetString());
        Assert.Contains("nowhere", health.GetProperty("message").GetString(), StringComparison.Ordinal);
        var last = factory.Services.GetRequiredService<DatasetPreparer>().Last;
        Assert.True(last is { Failed: true }, last?.Message);
        Assert.Contains("nowhere", last!.Message, StringComparison.Ordinal);
    }
}

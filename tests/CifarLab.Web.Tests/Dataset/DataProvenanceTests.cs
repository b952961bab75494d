using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using CifarLab.Training.Data;
using CifarLab.Training.Training;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Dataset;

/// <summary>
/// What the app does with data that is not the official CIFAR-10 (here a generated set): refused and reported by
/// /health unless allowed; allowed, every run on it says so; and a finished run keeps its evidence when the data goes.
/// </summary>
public sealed class DataProvenanceTests
{
    private static async Task<(HttpStatusCode Code, JsonElement Body)> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    /// <summary>A dataset of its own, so a test may change or delete it.</summary>
    private static string OwnDataset(string dir) =>
        CifarWriter.WriteSynthetic(Path.Combine(dir, "dataset"), TestDataset.TrainCount, TestDataset.TestCount, seed: 7);

    [Fact]
    public async Task Unofficial_data_without_the_setting_makes_health_503_and_runs_fail_naming_the_file()
    {
        var dir = LabFactory.NewDataDirectory();
        var dataset = OwnDataset(dir);
        await using var factory = new LabFactory(dir, settings: new Dictionary<string, string>
        {
            ["Dataset:Source"] = dataset,
            [DatasetOptions.AllowUnofficialSetting] = "false",
        });
        var client = factory.CreateClient();

        var (code, body) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("database").GetProperty("ok").GetBoolean());
        var message = body.GetProperty("dataset").GetProperty("message").GetString()!;
        Assert.Equal("invalid", body.GetProperty("dataset").GetProperty("state").GetString());
        Assert.Contains("Checksum mismatch", message, StringComparison.Ordinal);
        Assert.Contains("data_batch_1.bin", message, StringComparison.Ordinal);
        Assert.Contains(OfficialChecksums.BatchSha256["data_batch_1.bin"], message, StringComparison.Ordinal);
        Assert.Contains(DatasetOptions.AllowUnofficialSetting, message, StringComparison.Ordinal);

        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "refused");
        var run = await TinyRuns.WaitForStatusAsync(client, id, "Failed");
        Assert.Contains("Checksum mismatch", run.Error, StringComparison.Ordinal);
        Assert.Contains("data_batch_1.bin", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_source_makes_health_503_but_an_archive_not_yet_extracted_is_healthy()
    {
        var dir = LabFactory.NewDataDirectory();
        await using (var missing = new LabFactory(dir, workerEnabled: false, new Dictionary<string, string> { ["Dataset:Source"] = Path.Combine(dir, "gone") }))
        {
            var (code, body) = await HealthAsync(missing.CreateClient());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
            Assert.Equal("degraded", body.GetProperty("status").GetString());
        }

        var archive = Path.Combine(dir, "cifar-10-binary.tar.gz");
        CifarWriter.WriteArchive(TestDataset.Folder, archive);
        await using var pending = new LabFactory(dir, workerEnabled: false, new Dictionary<string, string> { ["Dataset:Source"] = archive });
        var (ok, pendingBody) = await HealthAsync(pending.CreateClient());
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("notDownloaded", pendingBody.GetProperty("dataset").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_run_on_allowed_unofficial_data_is_labelled_everywhere_and_keeps_its_images_when_the_data_is_deleted()
    {
        var dir = LabFactory.NewDataDirectory();
        var dataset = OwnDataset(dir);
        var testBatch = File.ReadAllBytes(Path.Combine(dataset, CifarLayout.TestFile));
        await using var factory = new LabFactory(dir, settings: new Dictionary<string, string> { ["Dataset:Source"] = dataset });
        var client = factory.CreateClient();
        var (healthy, health) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.OK, healthy);
        Assert.False(health.GetProperty("dataset").GetProperty("official").GetBoolean());

        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "unofficial");
        var run = await TinyRuns.WaitForStatusAsync(client, id, "Completed");

        // The API, result.json, the run page and the leaderboard all say so.
        Assert.False(run.OfficialData);
        Assert.Equal(DatasetProvenance.UnofficialLabel, run.Dataset!.Label);
        Assert.Equal(dataset, run.Dataset.Source);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(testBatch)), run.Dataset.TestSha256);
        using (var result = JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{id}/files?path=result.json")))
        {
            Assert.Contains("\"official\":false", result.RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }
        var page = await client.GetStringAsync($"/runs/{id}");
        Assert.Contains("data-unofficial=\"true\"", page, StringComparison.Ordinal);
        var leaderboard = await client.GetStringAsync("/runs");
        var row = leaderboard[leaderboard.IndexOf($"data-run-id=\"{id}\"", StringComparison.Ordinal)..];
        Assert.Contains(DatasetProvenance.UnofficialLabel, row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.EndsWith(",false", (await client.GetStringAsync("/api/runs/export.csv")).Split('\n')[1].TrimEnd('\r'), StringComparison.Ordinal);

        // The dataset goes away: the run's misclassified images are still served, exactly as they were.
        List<Misclassified> mistakes;
        await using (var db = factory.CreateDbContext())
        {
            mistakes = JsonSerializer.Deserialize<List<Misclassified>>((await db.Results.SingleAsync(r => r.RunId == id)).MisclassifiedJson)!;
        }
        Assert.NotEmpty(mistakes);
        Directory.Delete(dataset, recursive: true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await HealthAsync(client)).Code);
        foreach (var m in mistakes)
        {
            using var image = await client.GetAsync($"/api/runs/{id}/misclassified/{m.TestIndex}.png?scale=3");
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            var record = testBatch.AsSpan(m.TestIndex * CifarLayout.RecordBytes + 1, CifarLayout.PixelBytes);
            Assert.Equal(PngEncoder.EncodeRgbPlanes(record, CifarLayout.ImageSize, CifarLayout.ImageSize, 3), await image.Content.ReadAsByteArrayAsync());
        }
        var after = await client.GetStringAsync($"/runs/{id}");
        Assert.Contains($"api/runs/{id}/misclassified/{mistakes[0].TestIndex}.png", after, StringComparison.Ordinal);
        Assert.DoesNotContain("misclassified-unavailable", after, StringComparison.Ordinal);

        // A run from before images were stored with runs (none stored) says plainly why its images are missing.
        await using (var db = factory.CreateDbContext())
        {
            await db.MisclassifiedImages.Where(i => i.RunId == id).ExecuteDeleteAsync();
        }
        using var gone = await client.GetAsync($"/api/runs/{id}/misclassified/{mistakes[0].TestIndex}.png");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
        Assert.Contains("before its test images were stored", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var old = await client.GetStringAsync($"/runs/{id}");
        Assert.Contains("misclassified-unavailable", old, StringComparison.Ordinal);
        Assert.DoesNotContain($"api/runs/{id}/misclassified/", old, StringComparison.Ordinal);
    }
}

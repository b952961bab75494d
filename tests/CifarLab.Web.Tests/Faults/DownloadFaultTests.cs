using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Faults;

/// <summary>
/// Downloads hold only finished files: never a .tmp or .partial a crash left behind, never a link. An unfinished run
/// offers its last epoch checkpoint, labelled as such.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DownloadFaultTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_completed_runs_zip_holds_its_final_files_and_not_the_temp_files_of_a_crashed_export()
    {
        var (client, id, dir) = await RunWithFilesAsync(RunStatus.Completed);

        using var response = await client.GetAsync($"/api/runs/{id}/checkpoint");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("final", response.Headers.GetValues("X-Checkpoint-Kind").Single());
        Assert.Equal(["config.json", "model.bin", "model.safetensors", "result.json"], await EntriesAsync(response));
        var run = await TinyRuns.GetAsync(client, id);
        Assert.Equal(("final", (int?)null, "Final weights"), (run.Checkpoint!.Kind, run.Checkpoint.Epoch, run.Checkpoint.Label));
        Assert.DoesNotContain(run.Artifacts, a => a.Path.EndsWith(".tmp", StringComparison.Ordinal) || a.Path.Contains(".partial", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(dir, "model.safetensors.tmp")), "the crash's leftover is still there, just never offered");
    }

    [Theory]
    [InlineData(RunStatus.Interrupted)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public async Task An_unfinished_runs_zip_is_its_last_epoch_checkpoint_labelled_as_such(RunStatus status)
    {
        var (client, id, _) = await RunWithFilesAsync(status);

        using var response = await client.GetAsync($"/api/runs/{id}/checkpoint");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("last-epoch", response.Headers.GetValues("X-Checkpoint-Kind").Single());
        Assert.Equal($"cifarlab-run-{id}-epoch-2.zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(["epoch-0002/config.json", "epoch-0002/model.bin", "epoch-0002/state.json"], await EntriesAsync(response));
        var run = await TinyRuns.GetAsync(client, id);
        Assert.Equal(("last-epoch", (int?)2, "Last epoch checkpoint (epoch 2)"), (run.Checkpoint!.Kind, run.Checkpoint.Epoch, run.Checkpoint.Label));
    }

    [Fact]
    public async Task A_queued_run_offers_no_weights()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "queued");

        using var response = await client.GetAsync($"/api/runs/{id}/checkpoint");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null((await TinyRuns.GetAsync(client, id)).Checkpoint);
    }

    [LinuxFact]
    public async Task Links_in_a_run_folder_are_refused_never_followed_listed_or_zipped()
    {
        var (client, id, dir) = await RunWithFilesAsync(RunStatus.Completed);
        File.CreateSymbolicLink(Path.Combine(dir, "passwd"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(dir, "model.pt"), Path.Combine(_factory.DataDirectory, "cifarlab.db"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "data"), _factory.DataDirectory);
        Directory.CreateSymbolicLink(Path.Combine(dir, "epoch-0009"), Path.Combine(dir, "epoch-0002"));

        foreach (var path in new[] { "passwd", "model.pt", "data/cifarlab.db", "epoch-0009/model.bin" })
        {
            using var response = await client.GetAsync($"/api/runs/{id}/files?path={Uri.EscapeDataString(path)}");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("is a link", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var zip = await client.GetAsync($"/api/runs/{id}/checkpoint"))
        {
            Assert.Equal(["config.json", "model.bin", "model.safetensors", "result.json"], await EntriesAsync(zip));
        }
        await _factory.Services.GetRequiredService<RunArtifacts>().SyncAsync(id);
        var listed = (await TinyRuns.GetAsync(client, id)).Artifacts.Select(a => a.Path).ToList();
        Assert.DoesNotContain(listed, p => p is "passwd" or "model.pt" || p.StartsWith("data/", StringComparison.Ordinal) || p.StartsWith("epoch-0009", StringComparison.Ordinal));
    }

    [LinuxFact]
    public async Task A_run_folder_that_is_itself_a_link_serves_nothing()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "linked folder");
        var elsewhere = LabFactory.NewDataDirectory();
        await File.WriteAllTextAsync(Path.Combine(elsewhere, "notes.txt"), "not the run's");
        Directory.CreateSymbolicLink(Path.Combine(_factory.DataDirectory, "checkpoints", $"{id}"), elsewhere);

        using var response = await client.GetAsync($"/api/runs/{id}/files?path=notes.txt");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("not the run's", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temp_or_partial_file_is_not_served_by_name()
    {
        var (client, id, _) = await RunWithFilesAsync(RunStatus.Interrupted);

        foreach (var path in new[] { "model.safetensors.tmp", "epoch-0003.partial/model.bin" })
        {
            using var response = await client.GetAsync($"/api/runs/{id}/files?path={Uri.EscapeDataString(path)}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    /// <summary>
    /// A run in the given status whose folder holds what a crash during the final export leaves (final files beside
    /// a .tmp), the epoch 2 checkpoint and a half-written epoch 3 checkpoint.
    /// </summary>
    private async Task<(HttpClient Client, int Id, string Dir)> RunWithFilesAsync(RunStatus status)
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 4), $"{status}");
        var dir = Path.Combine(_factory.DataDirectory, "checkpoints", $"{id}");
        var files = status == RunStatus.Completed
            ? new[] { "model.bin", "model.safetensors", "config.json", "result.json", "model.safetensors.tmp", ".model.bin.0123abcd.tmp" }
            : ["model.safetensors.tmp", ".config.json.0123abcd.tmp"];
        foreach (var file in files.Concat(["epoch-0002/model.bin", "epoch-0002/config.json", "epoch-0002/state.json", "epoch-0003.partial/model.bin"]))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, file))!);
            await File.WriteAllTextAsync(Path.Combine(dir, file), file);
        }
        await using (var db = _factory.CreateDbContext())
        {
            await db.Runs.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status));
        }
        await _factory.Services.GetRequiredService<RunArtifacts>().SyncAsync(id);
        return (client, id, dir);
    }

    private static async Task<List<string>> EntriesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        return zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Faults;

/// <summary>
/// A full disk or an unwritable folder fails the run at once, in words, keeps what finished, and the lab says so
/// (/health degraded, launches 507) until a write works again; then Resume finishes the run. The worker, lifecycle,
/// SQLite and files are real; the scripted engine writes its checkpoint folders through the filling disk.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StorageFailureTests
{
    [Fact]
    public async Task A_full_disk_during_a_checkpoint_fails_the_run_in_words_keeps_its_epochs_and_resume_finishes_it_once_space_is_back()
    {
        var disk = new FillingDisk();
        var engine = new ScriptedEngine(disk);
        await using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 5), "filling");
        await engine.Run(id).ReachEpoch(2);
        disk.FillUpWhenCreating("epoch-0003.partial", freeBytes: 1000);

        await engine.Run(id).ReachEpoch(3);
        var failed = await TinyRuns.WaitForStatusAsync(client, id, "Failed");

        Assert.StartsWith("No space left on device while writing the epoch 3 checkpoint", failed.Error, StringComparison.Ordinal);
        Assert.Contains("Free some space", failed.Error, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], failed.Metrics.Select(m => m.Epoch)); // every finished epoch
        var runDir = Path.Combine(factory.DataDirectory, "checkpoints", $"{id}");
        Assert.Equal(["epoch-0002"], Directory.GetDirectories(runDir).Select(Path.GetFileName)); // the last good checkpoint, no .partial
        Assert.Empty(Directory.GetFiles(runDir, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(("last-epoch", 2), (failed.Checkpoint!.Kind, failed.Checkpoint.Epoch));

        await AssertDegradedAsync(client, "No space left on device");
        await AssertLaunchRefusedAsync(client, "No space left on device");

        disk.Free();
        using (var health = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode); // the probe write worked: the fault is cleared
        }
        var attempt = engine.NextAttempt(id);
        using (var resume = await client.PostAsync($"/api/runs/{id}/resume", null))
        {
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        }
        var resumed = await attempt;
        Assert.True((await resumed.Started).Resume);
        await resumed.After(2).ReachEpoch(5);
        await resumed.Complete();
        var completed = await TinyRuns.WaitForStatusAsync(client, id, "Completed");
        Assert.Equal([1, 2, 3, 4, 5], completed.Metrics.Select(m => m.Epoch));
        Assert.Null(completed.Error);
    }

    [LinuxFact]
    public async Task An_unwritable_checkpoint_folder_fails_the_run_at_once_and_the_lab_recovers_when_it_is_writable_again()
    {
        var engine = new ScriptedEngine();
        await using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();
        var checkpoints = Path.Combine(factory.DataDirectory, "checkpoints");
        int id;
        using (new Unwritable(checkpoints))
        {
            id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "nowhere to write");
            var failed = await TinyRuns.WaitForStatusAsync(client, id, "Failed");

            Assert.StartsWith("Permission denied while writing the run's files", failed.Error, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(checkpoints, $"{id}"), failed.Error, StringComparison.Ordinal);
            Assert.Contains("Make that folder writable", failed.Error, StringComparison.Ordinal);
            await AssertDegradedAsync(client, "Permission denied");
            await AssertLaunchRefusedAsync(client, "Permission denied");
        }

        using (var health = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        var attempt = engine.NextAttempt(id);
        using var resume = await client.PostAsync($"/api/runs/{id}/resume", null);
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        var resumed = await attempt;
        await resumed.ReachEpoch(1);
        await resumed.Complete();
        await TinyRuns.WaitForStatusAsync(client, id, "Completed");
    }

    [LinuxFact]
    public async Task A_database_that_cannot_be_written_answers_a_launch_with_507_problem_json_not_a_500_page()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();
        await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "before");
        var database = Path.Combine(factory.DataDirectory, "cifarlab.db");

        using (new Unwritable(database))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the next connection opens the file as it is now
            using var response = await client.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config(), "after"));

            Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.StartsWith("The database cannot be written", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await AssertDegradedAsync(client, "The database cannot be written");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task AssertDegradedAsync(HttpClient client, string cause)
    {
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.StartsWith(cause, body.GetProperty("storage").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertLaunchRefusedAsync(HttpClient client, string cause)
    {
        using var response = await client.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config(), "refused"));
        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(507, problem.GetProperty("status").GetInt32());
        Assert.StartsWith(cause, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

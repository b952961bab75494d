using System.Net;
using System.Net.Http.Json;
using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Queue;

/// <summary>Cancel, reorder, re-run and delete against a queue no worker is serving.</summary>
public sealed class QueueCommandTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    private async Task<List<int>> QueueOrderAsync()
    {
        await using var db = _factory.CreateDbContext();
        return await db.Runs.Where(r => r.Status == RunStatus.Queued).OrderBy(r => r.QueueOrder).Select(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task Queued_runs_can_be_reordered_and_prioritised()
    {
        var client = _factory.CreateClient();
        var a = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "a");
        var b = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "b");
        var c = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "c");

        (await client.PostAsync($"/api/runs/{c}/move?to=top", null)).EnsureSuccessStatusCode();
        Assert.Equal([c, a, b], await QueueOrderAsync());

        (await client.PostAsync($"/api/runs/{a}/move?to=down", null)).EnsureSuccessStatusCode();
        Assert.Equal([c, b, a], await QueueOrderAsync());

        using var refused = await client.PostAsync($"/api/runs/{c}/move?to=up", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task A_queued_run_is_cancelled_and_a_cancelled_one_cannot_be_again()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "cancel me");

        (await client.PostAsync($"/api/runs/{id}/cancel", null)).EnsureSuccessStatusCode();
        Assert.Equal("Cancelled", (await TinyRuns.GetAsync(client, id)).Status);

        using var again = await client.PostAsync($"/api/runs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var missing = await client.PostAsync("/api/runs/999/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Rerun_queues_a_copy_and_delete_removes_the_rows_and_the_files()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 3), "original");
        var folder = Path.Combine(_factory.DataDirectory, "checkpoints", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "model.bin"), "weights");

        using var rerun = await client.PostAsync($"/api/runs/{id}/rerun", null);
        var reply = await rerun.Content.ReadFromJsonAsync<CifarLab.Web.Api.CommandReply>();
        var copy = await TinyRuns.GetAsync(client, reply!.NewRunId!.Value);
        Assert.Equal(3, copy.Config.Epochs);
        Assert.Equal(id, copy.SourceRunId);

        using var deleted = await client.DeleteAsync($"/api/runs/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(Directory.Exists(folder));
        using var gone = await client.GetAsync($"/api/runs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Concurrent_workers_claim_each_run_exactly_once()
    {
        var client = _factory.CreateClient();
        var ids = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await TinyRuns.LaunchAsync(client, TinyRuns.Config(), $"claim {i}"));
        }
        var queue = _factory.Services.GetRequiredService<RunLifecycle>();

        // Four claimers race over one database file, as separate worker processes would.
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var mine = new List<int>();
            while (await queue.TryClaimAsync($"worker-{w}", "auto", TimeSpan.FromMinutes(1), null, CancellationToken.None) is { } run)
            {
                mine.Add(run.Id);
            }
            return mine;
        })));

        var all = claims.SelectMany(c => c).Order().ToList();
        Assert.Equal(ids.Order(), all);
        await using var db = _factory.CreateDbContext();
        Assert.All(await db.Runs.ToListAsync(), r =>
        {
            Assert.Equal(RunStatus.Running, r.Status);
            Assert.StartsWith("worker-", r.WorkerId, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_run_whose_worker_stopped_renewing_its_lease_becomes_interrupted_and_open_pages_hear_it()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "orphan");
        var queue = _factory.Services.GetRequiredService<RunLifecycle>();
        await queue.TryClaimAsync("dead-worker", "auto", TimeSpan.FromSeconds(-1), null, CancellationToken.None);
        var heard = new TaskCompletionSource<RunStatusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = _factory.ConnectHub();
        hub.On<RunStatusMessage>(nameof(ITrainingClient.RunStatus), m => heard.TrySetResult(m));
        await hub.StartAsync();
        await hub.InvokeAsync(nameof(TrainingHub.JoinRun), id);

        var expired = await queue.ExpireLeasesAsync(CancellationToken.None);

        Assert.Equal([id], expired);
        Assert.Equal("Interrupted", (await TinyRuns.GetAsync(client, id)).Status);
        var message = await heard.Task.WaitAsync(ScriptedEngine.Patience);
        Assert.Equal(RunStatus.Interrupted, message.Status);
        Assert.Contains("lease", message.Phase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_action_is_refused_with_409_for_the_statuses_the_transition_table_excludes()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "table");
        var lifecycle = _factory.Services.GetRequiredService<RunLifecycle>();
        await lifecycle.TryClaimAsync("w", "auto", TimeSpan.FromMinutes(1), null, CancellationToken.None);

        // Running: resume and delete are refused, and say which statuses allow them.
        Assert.False(RunStatus.Running.Allows(RunAction.Resume));
        using var resume = await client.PostAsync($"/api/runs/{id}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Contains("Interrupted", await resume.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var delete = await client.DeleteAsync($"/api/runs/{id}");
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal("Running", (await TinyRuns.GetAsync(client, id)).Status);
    }

    [Fact]
    public async Task A_device_slot_takes_only_runs_it_can_serve()
    {
        var client = _factory.CreateClient();
        var cpu = await TinyRuns.LaunchAsync(client, TinyRuns.Config() with { Device = "cpu" }, "cpu run");
        var queue = _factory.Services.GetRequiredService<RunLifecycle>();

        Assert.Null(await queue.TryClaimAsync("gpu-worker", "cuda:0", TimeSpan.FromMinutes(1), null, CancellationToken.None));
        Assert.Equal(cpu, (await queue.TryClaimAsync("cpu-worker", "cpu", TimeSpan.FromMinutes(1), null, CancellationToken.None))?.Id);
    }
}

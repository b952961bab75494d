using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Faults;

/// <summary>
/// The trainer reports an epoch's metrics before it writes that epoch's checkpoint, so a run stopped in between had
/// one epoch more recorded than it can resume from. Interrupted, it lists only the epochs its last checkpoint holds;
/// resume trains the rest again.
/// </summary>
public sealed class InterruptedEpochsTests
{
    [Fact]
    public async Task A_run_stopped_between_an_epochs_metrics_and_its_checkpoint_lists_only_the_checkpointed_epochs()
    {
        var dir = LabFactory.NewDataDirectory();
        var first = new ScriptedEngine();
        int id;
        await using (var host = LabFactory.Scripted(first, dir))
        {
            id = await TinyRuns.LaunchAsync(host.CreateClient(), TinyRuns.Config(epochs: 5), "stopped mid-checkpoint");
            await first.Run(id).ReachEpoch(2); // epochs 1 and 2 with their checkpoints
            await first.Run(id).Emit(ScriptedRun.Metrics(3)); // epoch 3 finished; the app stops before its checkpoint
            await TinyRuns.WaitForAsync(host.CreateClient(), id, r => r.CompletedEpochs == 3);
        }

        var engine = new ScriptedEngine();
        await using var second = LabFactory.Scripted(engine, dir);
        var client = second.CreateClient();
        var interrupted = await TinyRuns.GetAsync(client, id);

        Assert.Equal("Interrupted", interrupted.Status);
        Assert.Equal(2, interrupted.CompletedEpochs);
        Assert.Equal([1, 2], interrupted.Metrics.Select(m => m.Epoch));
        Assert.Equal(2, interrupted.Checkpoint!.Epoch);

        (await client.PostAsync($"/api/runs/{id}/resume", null)).EnsureSuccessStatusCode();
        await engine.Run(id).After(2).ReachEpoch(5);
        await engine.Run(id).Complete();
        var completed = await TinyRuns.WaitForStatusAsync(client, id, "Completed");
        Assert.Equal([1, 2, 3, 4, 5], completed.Metrics.Select(m => m.Epoch));
    }

    [Fact]
    public async Task A_run_left_running_by_a_crash_after_an_unsaved_epoch_lists_only_the_checkpointed_epochs_at_startup()
    {
        var dir = LabFactory.NewDataDirectory();
        int id;
        await using (var first = new LabFactory(dir, workerEnabled: false))
        {
            id = await TinyRuns.LaunchAsync(first.CreateClient(), TinyRuns.Config(epochs: 5), "crashed");
            // What a killed process leaves: Running, three epochs recorded, the checkpoint of epoch 2 only.
            await using var db = first.CreateDbContext();
            foreach (var epoch in new[] { 1, 2, 3 })
            {
                var row = new EpochRow { RunId = id };
                row.Apply(ScriptedRun.Metrics(epoch), DateTime.UtcNow);
                db.Epochs.Add(row);
            }
            await db.SaveChangesAsync();
            await db.Runs.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.CompletedEpochs, 3)
                .SetProperty(r => r.WorkerId, LabFactory.WorkerId)
                .SetProperty(r => r.LeaseExpiresAt, DateTime.UtcNow.AddHours(1)));
            var checkpoint = Path.Combine(dir, "checkpoints", $"{id}", "epoch-0002");
            Directory.CreateDirectory(checkpoint);
            await File.WriteAllTextAsync(Path.Combine(checkpoint, "model.bin"), "weights");
            Directory.CreateDirectory(Path.Combine(dir, "checkpoints", $"{id}", "epoch-0003.partial"));
        }

        await using var second = new LabFactory(dir, workerEnabled: false);
        var run = await TinyRuns.GetAsync(second.CreateClient(), id);

        Assert.Equal("Interrupted", run.Status);
        Assert.Equal(2, run.CompletedEpochs);
        Assert.Equal([1, 2], run.Metrics.Select(m => m.Epoch));
    }
}

using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Faults;

/// <summary>The real engine's checkpoint store on a disk that fills up: the run fails in words, the partial
/// checkpoint is removed, the last good one stays and resume continues from it once there is space.</summary>
public sealed class CheckpointDiskFullTests
{
    [Fact]
    public async Task The_real_trainer_out_of_space_in_its_epoch_2_checkpoint_fails_cleanly_and_resumes_from_epoch_1()
    {
        var disk = new FillingDisk();
        // The disk runs out 4 KiB into the epoch 2 checkpoint's first file.
        disk.FillUpWhenCreating("epoch-0002.partial", freeBytes: 4096);
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), storage: disk);
        var client = factory.CreateClient();

        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(epochs: 3), "out of space");
        var failed = await TinyRuns.WaitForStatusAsync(client, id, "Failed");

        Assert.StartsWith("No space left on device while writing the epoch 2 checkpoint", failed.Error, StringComparison.Ordinal);
        Assert.Equal([1, 2], failed.Metrics.Select(m => m.Epoch));
        var runDir = Path.Combine(factory.DataDirectory, "checkpoints", $"{id}");
        Assert.Equal(["epoch-0001"], Directory.GetDirectories(runDir).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(runDir, "*.tmp", SearchOption.AllDirectories));

        disk.Free();
        using (var resume = await client.PostAsync($"/api/runs/{id}/resume", null))
        {
            resume.EnsureSuccessStatusCode();
        }
        var completed = await TinyRuns.WaitForStatusAsync(client, id, "Completed");

        Assert.Equal([1, 2, 3], completed.Metrics.Select(m => m.Epoch));
        Assert.Equal("final", completed.Checkpoint!.Kind);
        Assert.Empty(Directory.GetDirectories(runDir, "*.partial"));
    }
}

using System.Text.Json;
using CifarLab.Training.Data;
using CifarLab.Training.Training;
using CifarLab.Web.Engine;
using CifarLab.Web.Data;
using CifarLab.Web.Extensions;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Jobs;

/// <summary>Everything the executor writes about a run, each call one short-lived context.</summary>
public sealed class RunStore(IDbContextFactory<LabDbContext> dbFactory, LabPaths paths, TimeProvider clock) : IDisposable
{
    // Non-finite scores are stored as null, never as a serializer crash that loses the whole result.
    private static readonly JsonSerializerOptions ResultJson = new JsonSerializerOptions().WriteNonFiniteAsNull();

    private readonly SemaphoreSlim _artifactSync = new(1, 1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public void Dispose() => _artifactSync.Dispose();

    public async Task SetPhaseAsync(int runId, string phase, string? environmentJson = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Phase, phase)
            .SetProperty(r => r.EnvironmentJson, r => environmentJson ?? r.EnvironmentJson));
    }

    /// <summary>Extends the lease; returns true when someone asked (maybe from another process) to cancel.</summary>
    public async Task<bool> RenewLeaseAsync(int runId, TimeSpan lease)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var until = Now + lease;
        await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, until));
        return await db.Runs.Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleOrDefaultAsync();
    }

    /// <summary>Upserts so a resumed run that repeats an epoch overwrites it.</summary>
    public async Task RecordEpochAsync(int runId, EpochMetrics m)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.Epochs.FindAsync(runId, m.Epoch);
        if (row is null)
        {
            row = new EpochRow { RunId = runId, Epoch = m.Epoch };
            db.Epochs.Add(row);
        }
        row.TrainLoss = m.TrainLoss;
        row.TrainAccuracy = m.TrainAccuracy;
        row.TestLoss = FiniteJson.OrNull(m.TestLoss);
        row.TestAccuracy = FiniteJson.OrNull(m.TestAccuracy);
        row.LearningRate = m.LearningRate;
        row.EpochSeconds = m.EpochSeconds;
        row.ImagesPerSecond = m.ImagesPerSecond;
        row.RecordedAt = Now;
        await db.SaveChangesAsync();
        await db.Runs.Where(r => r.Id == runId && r.CompletedEpochs < m.Epoch)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CompletedEpochs, m.Epoch));
    }

    /// <summary>
    /// Records the data a run trains on. Unofficial data labels the run for good: a run that trained on it in part
    /// (then resumed on official data) is still not an official result.
    /// </summary>
    public async Task SetDatasetAsync(int runId, DatasetProvenance dataset)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var json = JsonSerializer.Serialize(dataset);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.OfficialData, r => r.OfficialData == false ? false : dataset.Official)
            .SetProperty(r => r.DatasetJson, json));
    }

    /// <summary>Stores the final result, its detail, its misclassified images and the run's files in one transaction.</summary>
    public async Task CompleteAsync(int runId, TrainedRun trained)
    {
        var result = trained.Result;
        if (result.Dataset is { } dataset)
        {
            await SetDatasetAsync(runId, dataset);
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var run = await db.Runs.Include(r => r.Result).SingleAsync(r => r.Id == runId);
        run.Status = RunStatus.Completed;
        run.FinishedAt = Now;
        run.Phase = "completed";
        run.TestAccuracy = FiniteJson.OrNull(result.Test.Accuracy);
        run.TestLoss = FiniteJson.OrNull(result.Test.Loss);
        run.TrainSeconds = FiniteJson.OrNull(result.TrainSeconds);
        run.ImagesPerSecond = FiniteJson.OrNull(result.ImagesPerSecond);
        run.ActualDevice = result.Device;
        run.ParameterCount = result.ParameterCount;
        run.CompletedEpochs = Math.Max(run.CompletedEpochs, result.Epochs.Count == 0 ? 0 : result.Epochs.Max(e => e.Epoch));
        run.WorkerId = null;
        run.LeaseExpiresAt = null;
        run.ResumeFromCheckpoint = false;
        run.Result ??= new RunResultRow { RunId = runId, PerClassAccuracyJson = "[]", ConfusionMatrixJson = "[]", MisclassifiedJson = "[]" };
        run.Result.TestCount = result.Test.Count;
        run.Result.PerClassAccuracyJson = JsonSerializer.Serialize(result.Test.PerClassAccuracy, ResultJson);
        run.Result.ConfusionMatrixJson = JsonSerializer.Serialize(result.Test.ConfusionMatrix, ResultJson);
        run.Result.MisclassifiedJson = JsonSerializer.Serialize(result.Test.Misclassified, ResultJson);
        await db.MisclassifiedImages.Where(i => i.RunId == runId).ExecuteDeleteAsync();
        db.MisclassifiedImages.AddRange(trained.MisclassifiedImages.Select(i => new MisclassifiedImageRow { RunId = runId, TestIndex = i.TestIndex, Pixels = i.Pixels }));
        await db.SaveChangesAsync();
        await SyncArtifactsAsync(runId);
    }

    /// <summary>Ends a run as Failed, Cancelled or Interrupted.</summary>
    public async Task FinishAsync(int runId, RunStatus status, string phase, string? error)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = Now;
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Phase, phase)
            .SetProperty(r => r.Error, error)
            .SetProperty(r => r.FinishedAt, status == RunStatus.Interrupted ? null : now)
            .SetProperty(r => r.WorkerId, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(r => r.CancelRequested, false));
        await SyncArtifactsAsync(runId);
    }

    /// <summary>Makes the artifacts table match the files in the run's folder.</summary>
    public async Task SyncArtifactsAsync(int runId)
    {
        // The event pump (a checkpoint was saved) and the run's completion both sync: one at a time, each listing the
        // folder once it holds the lock, and delete + insert in one transaction, so a reader never sees the list
        // empty half-way and an older listing never overwrites a newer one.
        await _artifactSync.WaitAsync();
        try
        {
            await ReplaceArtifactsAsync(runId);
        }
        finally
        {
            _artifactSync.Release();
        }
    }

    private async Task ReplaceArtifactsAsync(int runId)
    {
        var dir = paths.RunDirectory(runId);
        var files = ListFiles(dir);
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Artifacts.Where(a => a.RunId == runId).ExecuteDeleteAsync();
        foreach (var (rel, size, written) in files)
        {
            db.Artifacts.Add(new ArtifactRow
            {
                RunId = runId,
                Kind = ArtifactKinds.Classify(rel),
                RelativePath = rel,
                SizeBytes = size,
                CreatedAt = written,
            });
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>
    /// The finished files under a run's folder. The trainer keeps writing while we look: it renames
    /// temp files into place, moves an epoch's ".partial" folder to its final name and prunes older
    /// epochs, so a file found by the enumeration may be gone when we read its size. Those, and the
    /// half-written temp files themselves, are skipped; the next sync sees the folder as it is then.
    /// </summary>
    internal static List<(string RelativePath, long Size, DateTime WrittenUtc)> ListFiles(string dir)
    {
        var found = new List<(string, long, DateTime)>();
        List<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return found;
        }
        foreach (var path in candidates)
        {
            var rel = Path.GetRelativePath(dir, path).Replace('\\', '/');
            if (IsBeingWritten(rel))
            {
                continue;
            }
            try
            {
                var info = new FileInfo(path);
                found.Add((rel, info.Length, info.LastWriteTimeUtc));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Renamed or pruned since the enumeration: not an artifact any more.
            }
        }
        return found;
    }

    // AtomicFile's ".name.<guid>.tmp", SaveFinal's "model.bin.tmp" and the epoch folders still named
    // "epoch-NNNN.partial" (CifarLab.Training.Checkpoints) are moved into place when complete.
    private static bool IsBeingWritten(string relativePath) =>
        relativePath.EndsWith(".tmp", StringComparison.Ordinal)
        || relativePath.Split('/').SkipLast(1).Any(d => d.EndsWith(".partial", StringComparison.Ordinal));
}

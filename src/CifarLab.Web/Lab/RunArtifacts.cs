using CifarLab.Web.Data;
using CifarLab.Web.Extensions;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Lab;

/// <summary>Keeps a run's artifacts table in step with the files in its folder.</summary>
public sealed class RunArtifacts(IDbContextFactory<LabDbContext> dbFactory, LabPaths paths) : IDisposable
{
    private readonly SemaphoreSlim _artifactSync = new(1, 1);

    public void Dispose() => _artifactSync.Dispose();

    /// <summary>Makes the artifacts table match the files in the run's folder.</summary>
    public async Task SyncAsync(int runId)
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
    /// The finished files under a run's folder, as plain files inside it: links (to files or folders) are never
    /// followed or listed, so nothing outside the folder can appear as the run's. The trainer keeps writing while we
    /// look: it renames temp files into place, moves an epoch's ".partial" folder to its final name and prunes older
    /// epochs, so a file found by the enumeration may be gone when we read its size. Those, and the half-written
    /// files themselves (<see cref="CheckpointLayout.IsUnfinished"/>), are skipped; the next sync sees the folder as it is then.
    /// </summary>
    public static List<(string RelativePath, long Size, DateTime WrittenUtc)> ListFiles(string dir)
    {
        var found = new List<(string, long, DateTime)>();
        if (IsLink(dir))
        {
            return found;
        }
        List<FileInfo> candidates;
        try
        {
            candidates = new DirectoryInfo(dir).EnumerateFiles("*", PlainFilesOnly).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return found;
        }
        foreach (var file in candidates)
        {
            var rel = Path.GetRelativePath(dir, file.FullName).Replace('\\', '/');
            if (CheckpointLayout.IsUnfinished(rel))
            {
                continue;
            }
            try
            {
                found.Add((rel, file.Length, file.LastWriteTimeUtc));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Renamed or pruned since the enumeration: not an artifact any more.
            }
        }
        return found;
    }

    /// <summary>Recursion that neither lists nor enters symbolic links (they carry the reparse-point attribute).</summary>
    private static readonly EnumerationOptions PlainFilesOnly = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
    };

    private static bool IsLink(string path)
    {
        var info = new DirectoryInfo(path);
        return info.Exists && info.LinkTarget is not null;
    }
}

using CifarLab.Web.Extensions;

namespace CifarLab.Web.Lab;

public enum RunFileOutcome { Found, Outside, Link, Missing }

/// <summary>
/// Finds a file a user names inside a run's folder, resolving it for real: a path that leaves the folder, a link
/// anywhere on the way (the run's folder itself, a folder in it, the file), and a file still being written are
/// never served. A link is refused, never followed, wherever it points.
/// </summary>
public static class RunFiles
{
    public static (RunFileOutcome Outcome, string? Path) Resolve(LabPaths paths, int runId, string relativePath)
    {
        var full = paths.ResolveInsideRun(runId, relativePath);
        if (full is null)
        {
            return (RunFileOutcome.Outside, null);
        }
        var runDir = Path.GetFullPath(paths.RunDirectory(runId));
        var rel = Path.GetRelativePath(runDir, full);
        if (CheckpointLayout.IsUnfinished(rel))
        {
            return (RunFileOutcome.Missing, null);
        }
        var current = runDir;
        foreach (var part in rel.Split(Path.DirectorySeparatorChar).Prepend(""))
        {
            current = part.Length == 0 ? current : Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (!info.Exists && info.LinkTarget is null)
            {
                return (RunFileOutcome.Missing, null);
            }
            if (info.LinkTarget is not null)
            {
                return (RunFileOutcome.Link, null);
            }
        }
        return File.Exists(full) ? (RunFileOutcome.Found, full) : (RunFileOutcome.Missing, null);
    }
}

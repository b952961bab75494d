using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Extensions;

/// <summary>Absolute paths derived from the options and the content root, in one place.</summary>
public sealed class LabPaths
{
    public LabPaths(IOptions<StorageOptions> storage, IConfiguration configuration, IHostEnvironment env)
    {
        var root = env.ContentRootPath;
        DataDirectory = Path.GetFullPath(Path.Combine(root, storage.Value.DataDirectory));
        DatabasePath = Resolve(root, storage.Value.DatabasePath, Path.Combine(DataDirectory, "cifarlab.db"));
        CheckpointRoot = Resolve(root, storage.Value.CheckpointDirectory, Path.Combine(DataDirectory, "checkpoints"));
        // The Dataset section read as the CLI reads it (binder, paths against the content root).
        Dataset = DatasetConfiguration.Read(configuration, root, DataDirectory);
        ConnectionString = string.IsNullOrWhiteSpace(storage.Value.ConnectionString)
            ? $"Data Source={DatabasePath}"
            : storage.Value.ConnectionString;
    }

    public string DataDirectory { get; }
    public string DatabasePath { get; }
    public string ConnectionString { get; }
    public string CheckpointRoot { get; }

    /// <summary>The engine's dataset options from the Dataset section: absolute paths, defaults filled in.</summary>
    public DatasetOptions Dataset { get; }

    public string RunDirectory(int runId) => Path.Combine(CheckpointRoot, runId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Resolves a path inside a run's folder, or null when it would leave that folder
    /// ("..", absolute paths, or a sibling whose name merely starts with the run id).
    /// </summary>
    public string? ResolveInsideRun(int runId, string relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath) || relativePath.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }
        var runDir = Path.GetFullPath(RunDirectory(runId)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(runDir, relativePath));
        return full.StartsWith(runDir, StringComparison.Ordinal) ? full : null;
    }

    private static string Resolve(string root, string? configured, string fallback) =>
        string.IsNullOrWhiteSpace(configured) ? fallback : Path.GetFullPath(Path.Combine(root, configured));
}

using System.Globalization;
using System.Text.Json;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Checkpoints;

/// <summary>Where training stood when an epoch checkpoint was written.</summary>
public sealed record CheckpointState(
    int EpochsCompleted,
    int GlobalStep,
    DateTimeOffset SavedAt,
    string TorchSharpVersion,
    IReadOnlyList<EpochMetrics> History);

/// <summary>A complete epoch checkpoint found on disk.</summary>
public sealed record ResumePoint(string Directory, CheckpointState State);

/// <summary>
/// Files of one run's folder. Epoch checkpoints go to epoch-NNNN/ (written as .partial and renamed
/// when complete, so a crash mid-write never leaves a folder that looks valid); only the newest is
/// kept. Final artifacts sit at the top: model.bin (TorchSharp format), model.safetensors
/// (PyTorch-loadable), config.json, result.json. Every byte goes through a <see cref="RunStorage"/>; when the storage
/// fails (disk full, folder not writable) the half-written files are removed, the finished checkpoints stay, and a
/// <see cref="StorageFailedException"/> says what was being written and why it failed.
/// </summary>
public sealed class CheckpointStore
{
    public const string ModelFile = CheckpointLayout.ModelFile;
    public const string ExportFile = "model.safetensors";
    public const string ConfigFile = "config.json";
    public const string ResultFile = "result.json";
    private const string OptimizerFile = "optimizer.bin";
    private const string AveragerFile = "averaged.safetensors";
    private const string StateFile = "state.json";

    private static readonly JsonSerializerOptions Json = RunConfig.Json;

    public CheckpointStore(string directory, RunStorage? storage = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        Storage = storage ?? RunStorage.Disk;
    }

    public string Directory { get; }

    public RunStorage Storage { get; }

    internal void SaveEpoch(CheckpointState state, RunConfig config, nn.Module model, OptimizerSetup optimizer, WeightAverager? averager)
    {
        var final = Path.Combine(Directory, CheckpointLayout.EpochFolder(state.EpochsCompleted));
        var partial = final + CheckpointLayout.PartialSuffix;
        Guard($"the epoch {state.EpochsCompleted} checkpoint", () => DeleteFolder(partial), () =>
        {
            System.IO.Directory.CreateDirectory(Directory);
            DeleteFolder(partial);
            System.IO.Directory.CreateDirectory(partial);
            WriteFile(Path.Combine(partial, ModelFile), s => SaveModel(model, s));
            WriteFile(Path.Combine(partial, OptimizerFile), optimizer.Save);
            if (averager is not null)
            {
                SafeTensors.Write(Path.Combine(partial, AveragerFile), averager.Names.Zip(averager.Averages, KeyValuePair.Create), storage: Storage);
            }
            WriteFile(Path.Combine(partial, ConfigFile), s => s.Write(System.Text.Encoding.UTF8.GetBytes(config.ToJson())));
            WriteFile(Path.Combine(partial, StateFile), s => JsonSerializer.Serialize(s, state, Json));
            DeleteFolder(final);
            System.IO.Directory.Move(partial, final);
        });
        // Older checkpoints go only once the new one is complete: a failure above keeps the last good one.
        PruneOlderThan(state.EpochsCompleted);
    }

    // TorchSharp's save(Stream) closes the stream; the caller still flushes it to disk.
    private static void SaveModel(nn.Module model, Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        model.save(writer);
    }

    private void WriteFile(string path, Action<Stream> write)
    {
        using var stream = Storage.Create(path);
        write(stream);
    }

    /// <summary>
    /// Runs a write; when the storage fails, runs the cleanup (best effort: the disk may still be full) and throws a
    /// <see cref="StorageFailedException"/> naming what was being written. Other failures pass through unchanged.
    /// </summary>
    private void Guard(string writing, Action cleanup, Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (StorageFailedException.IsStorageFault(ex))
        {
            try
            {
                cleanup();
            }
            catch (Exception cleanupError) when (cleanupError is IOException or UnauthorizedAccessException)
            {
                // Left for the next attempt, which deletes it before writing; never listed or served meanwhile.
            }
            throw ex as StorageFailedException ?? new StorageFailedException(writing, Directory, ex);
        }
    }

    private static void DeleteFolder(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>The newest complete epoch checkpoint, or null when none exists.</summary>
    public ResumePoint? FindLatest()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }
        foreach (var dir in EpochDirectories().OrderByDescending(d => d.Epoch))
        {
            var statePath = Path.Combine(dir.Path, StateFile);
            if (!File.Exists(statePath) || !File.Exists(Path.Combine(dir.Path, ModelFile)))
            {
                continue;
            }
            var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(statePath), Json);
            if (state is not null)
            {
                return new ResumePoint(dir.Path, state);
            }
        }
        return null;
    }

    internal static RunConfig ReadConfig(ResumePoint point) =>
        RunConfig.FromJson(File.ReadAllText(Path.Combine(point.Directory, ConfigFile)));

    internal static void LoadInto(ResumePoint point, nn.Module model, OptimizerSetup optimizer, WeightAverager? averager)
    {
        model.load(Path.Combine(point.Directory, ModelFile));
        optimizer.Load(Path.Combine(point.Directory, OptimizerFile));
        var avgPath = Path.Combine(point.Directory, AveragerFile);
        if (averager is not null && File.Exists(avgPath))
        {
            var (tensors, _) = SafeTensors.Read(avgPath);
            try
            {
                averager.Load(tensors);
            }
            finally
            {
                foreach (var t in tensors.Values)
                {
                    t.Dispose();
                }
            }
        }
    }

    /// <summary>Writes the final weights in both formats plus the config. Returns (model.bin, model.safetensors).</summary>
    internal (string ModelPath, string ExportPath) SaveFinal(nn.Module model, RunConfig config)
    {
        var modelPath = Path.Combine(Directory, ModelFile);
        var exportPath = Path.Combine(Directory, ExportFile);
        var meta = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["cifarlab.config"] = config.ToJson(),
            ["cifarlab.model"] = config.Model,
            ["cifarlab.torchsharp"] = NativeBackend.TorchSharpVersion,
        };
        // Each file is atomic (AtomicFile removes its own temp file when a write fails); a partial set of final files
        // is never served because only a Completed run's final files are offered.
        Guard("the final weights", () => { }, () =>
        {
            System.IO.Directory.CreateDirectory(Directory);
            AtomicFile.Write(modelPath, s => SaveModel(model, s), Storage);
            SafeTensors.Write(exportPath, model.state_dict(), meta, Storage);
            AtomicFile.WriteAllText(Path.Combine(Directory, ConfigFile), config.ToJson(), Storage);
        });
        return (modelPath, exportPath);
    }

    internal void SaveResult(TrainingResult result) =>
        Guard("the result", () => { }, () =>
            AtomicFile.WriteAllText(Path.Combine(Directory, ResultFile), JsonSerializer.Serialize(result, Json), Storage));

    /// <summary>
    /// The result labelled with the data it was trained on, and its result.json (written by the trainer, which
    /// only sees tensors) rewritten to say so, so the label travels with the weights.
    /// </summary>
    public static TrainingResult AttachDataset(TrainingResult result, DatasetProvenance dataset, RunStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var labelled = result with { Dataset = dataset };
        if (result.CheckpointPath is { } model && Path.GetDirectoryName(model) is { Length: > 0 } directory)
        {
            new CheckpointStore(directory, storage).SaveResult(labelled);
        }
        return labelled;
    }

    private void PruneOlderThan(int epochsCompleted)
    {
        foreach (var dir in EpochDirectories().Where(d => d.Epoch < epochsCompleted))
        {
            System.IO.Directory.Delete(dir.Path, recursive: true);
        }
    }

    private IEnumerable<(string Path, int Epoch)> EpochDirectories() =>
        System.IO.Directory.EnumerateDirectories(Directory, CheckpointLayout.EpochPrefix + "*")
            .Select(p => (p, Epoch: CheckpointLayout.EpochOf(System.IO.Path.GetFileName(p))))
            .Where(x => x.Epoch is not null)
            .Select(x => (x.p, x.Epoch!.Value));
}

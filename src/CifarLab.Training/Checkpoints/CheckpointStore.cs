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
/// (PyTorch-loadable), config.json, result.json.
/// </summary>
public sealed class CheckpointStore
{
    public const string ModelFile = "model.bin";
    public const string ExportFile = "model.safetensors";
    public const string ConfigFile = "config.json";
    public const string ResultFile = "result.json";
    private const string OptimizerFile = "optimizer.bin";
    private const string AveragerFile = "averaged.safetensors";
    private const string StateFile = "state.json";
    private const string EpochPrefix = "epoch-";

    private static readonly JsonSerializerOptions Json = RunConfig.Json;

    public CheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    internal void SaveEpoch(CheckpointState state, RunConfig config, nn.Module model, OptimizerSetup optimizer, WeightAverager? averager)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = EpochPrefix + state.EpochsCompleted.ToString("D4", CultureInfo.InvariantCulture);
        var final = Path.Combine(Directory, name);
        var partial = final + ".partial";
        if (System.IO.Directory.Exists(partial))
        {
            System.IO.Directory.Delete(partial, recursive: true);
        }
        System.IO.Directory.CreateDirectory(partial);
        model.save(Path.Combine(partial, ModelFile));
        optimizer.Save(Path.Combine(partial, OptimizerFile));
        if (averager is not null)
        {
            SafeTensors.Write(Path.Combine(partial, AveragerFile), averager.Names.Zip(averager.Averages, KeyValuePair.Create));
        }
        File.WriteAllText(Path.Combine(partial, ConfigFile), config.ToJson());
        File.WriteAllText(Path.Combine(partial, StateFile), JsonSerializer.Serialize(state, Json));
        if (System.IO.Directory.Exists(final))
        {
            System.IO.Directory.Delete(final, recursive: true);
        }
        System.IO.Directory.Move(partial, final);
        PruneOlderThan(state.EpochsCompleted);
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
        System.IO.Directory.CreateDirectory(Directory);
        var modelPath = Path.Combine(Directory, ModelFile);
        var exportPath = Path.Combine(Directory, ExportFile);
        var tmp = modelPath + ".tmp";
        model.save(tmp);
        File.Move(tmp, modelPath, overwrite: true);
        var meta = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["cifarlab.config"] = config.ToJson(),
            ["cifarlab.model"] = config.Model,
            ["cifarlab.torchsharp"] = NativeBackend.TorchSharpVersion,
        };
        SafeTensors.Write(exportPath, model.state_dict(), meta);
        AtomicFile.WriteAllText(Path.Combine(Directory, ConfigFile), config.ToJson());
        return (modelPath, exportPath);
    }

    internal void SaveResult(TrainingResult result) =>
        AtomicFile.WriteAllText(Path.Combine(Directory, ResultFile), JsonSerializer.Serialize(result, Json));

    /// <summary>
    /// The result labelled with the data it was trained on, and its result.json (written by the trainer, which
    /// only sees tensors) rewritten to say so, so the label travels with the weights.
    /// </summary>
    public static TrainingResult AttachDataset(TrainingResult result, DatasetProvenance dataset)
    {
        ArgumentNullException.ThrowIfNull(result);
        var labelled = result with { Dataset = dataset };
        if (result.CheckpointPath is { } model && Path.GetDirectoryName(model) is { Length: > 0 } directory)
        {
            new CheckpointStore(directory).SaveResult(labelled);
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
        System.IO.Directory.EnumerateDirectories(Directory, EpochPrefix + "*")
            .Select(p => (p, Name: System.IO.Path.GetFileName(p)))
            .Where(x => !x.Name.EndsWith(".partial", StringComparison.Ordinal))
            .Select(x => (x.p, Epoch: int.TryParse(x.Name.AsSpan(EpochPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : -1))
            .Where(x => x.Epoch >= 0);
}

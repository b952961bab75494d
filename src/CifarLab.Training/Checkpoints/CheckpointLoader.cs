using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Checkpoints;

/// <summary>
/// Rebuilds a trained model from what a run left on disk: a run folder (config.json + model.bin),
/// a model.bin with its config.json beside it, or a self-describing model.safetensors export.
/// </summary>
public static class CheckpointLoader
{
    public static (nn.Module<Tensor, Tensor> Model, RunConfig Config) Load(string path, Device device)
    {
        var full = Path.GetFullPath(path);
        string weights;
        RunConfig config;
        if (System.IO.Directory.Exists(full))
        {
            weights = Path.Combine(full, CheckpointStore.ModelFile);
            if (!File.Exists(weights))
            {
                weights = Path.Combine(full, CheckpointStore.ExportFile);
            }
            config = ReadConfigBeside(Path.Combine(full, CheckpointStore.ConfigFile), full);
        }
        else if (File.Exists(full))
        {
            weights = full;
            config = full.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? ConfigFromExport(full)
                : ReadConfigBeside(Path.Combine(Path.GetDirectoryName(full)!, CheckpointStore.ConfigFile), full);
        }
        else
        {
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist: give a run folder, a model.bin (with config.json beside it) or a model.safetensors file.", path);
        }
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"No weights in '{path}': expected {CheckpointStore.ModelFile} or {CheckpointStore.ExportFile}.", weights);
        }
        weights = PreferExportForHalfPrecision(weights, config);
        var model = ModelCatalog.Get(config.Model).Create(new ModelOptions { Width = config.Width, Norm = config.Norm, Dropout = config.Dropout });
        try
        {
            if (weights.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            {
                LoadSafeTensors(model, weights);
            }
            else
            {
                model.load(weights);
            }
            model.to(device);
            model.eval();
            return (model, config);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A half-precision run's model.bin holds float16/bfloat16 tensors, which TorchSharp's loader refuses into the
    /// float32 model built here; the model.safetensors export written beside it holds the same values and loads with
    /// conversion (<see cref="LoadSafeTensors"/> copies). Float32 runs, and half runs without an export, keep model.bin.
    /// </summary>
    private static string PreferExportForHalfPrecision(string weights, RunConfig config)
    {
        if (config.Precision == PrecisionKind.Float32 || !weights.EndsWith(CheckpointStore.ModelFile, StringComparison.Ordinal))
        {
            return weights;
        }
        var export = Path.Combine(Path.GetDirectoryName(weights)!, CheckpointStore.ExportFile);
        return File.Exists(export) ? export : weights;
    }

    /// <summary>Copies every tensor of a safetensors file into the model's state (names must match exactly).</summary>
    public static void LoadSafeTensors(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (tensors, _) = SafeTensors.Read(path);
        try
        {
            using var _ = no_grad();
            var state = model.state_dict();
            var missing = state.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"{path} does not match the model: missing {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}.");
            }
            foreach (var (name, target) in state)
            {
                var source = tensors[name];
                if (!source.shape.SequenceEqual(target.shape))
                {
                    throw new InvalidDataException($"{path}: '{name}' has shape [{string.Join(",", source.shape)}], the model expects [{string.Join(",", target.shape)}].");
                }
                target.copy_(source);
            }
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    private static RunConfig ConfigFromExport(string path)
    {
        var meta = SafeTensors.ReadMetadata(path);
        return meta.TryGetValue("cifarlab.config", out var json)
            ? RunConfig.FromJson(json)
            : throw new InvalidDataException($"{path} has no 'cifarlab.config' metadata; it was not exported by CifarLab, so its architecture is unknown.");
    }

    private static RunConfig ReadConfigBeside(string configPath, string what) =>
        File.Exists(configPath)
            ? RunConfig.FromJson(File.ReadAllText(configPath))
            : throw new FileNotFoundException($"'{what}' has no {CheckpointStore.ConfigFile} beside it, so the architecture is unknown.", configPath);
}

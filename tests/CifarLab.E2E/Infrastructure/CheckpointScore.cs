using CifarLab.Training.Checkpoints;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Evaluation;
using CifarLab.Training.Training;
using static TorchSharp.torch;

namespace CifarLab.E2E.Infrastructure;

/// <summary>Scores downloaded weights with the engine, the way the CLI's eval command does.</summary>
public static class CheckpointScore
{
    /// <param name="weights">A run folder (config.json + model.bin) or a self-describing model.safetensors.</param>
    public static EvaluationResult Evaluate(string weights, string datasetFolder, int testImages)
    {
        NativeBackend.EnsureLoaded();
        set_num_threads(1);
        var (model, config) = CheckpointLoader.Load(weights, CPU);
        using (model)
        {
            using var data = CifarDataset.Load(datasetFolder, trainLimit: 1, testLimit: testImages);
            using var scope = NewDisposeScope();
            var x = CifarStats.Normalize(data.Test.Images, CPU);
            return Evaluator.Evaluate(model, x, data.Test.Labels, config.Tta);
        }
    }
}

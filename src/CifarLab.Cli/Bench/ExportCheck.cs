using System.Text.Json;
using CifarLab.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Cli.Bench;

/// <summary>
/// `bench export-check`: loads a model.safetensors export the way `cifarlab eval` does, computes eval-mode logits
/// of <see cref="FixedInput"/>, and (with a reference file from `pytorch_ref.py --verify-export`) reports the
/// largest absolute difference. Both sides load the same file, so a mismatch is a naming, layout or layer bug.
/// </summary>
public sealed record ExportCheckResult(
    string Mode,
    string Export,
    string Model,
    double Width,
    float[][] Logits,
    string? Reference,
    double? MaxAbsDiff,
    double Tolerance,
    bool? ArgmaxAgrees,
    bool? Ok,
    BenchEnvironment Environment);

internal static class ExportCheck
{
    public static ExportCheckResult Run(string exportPath, string? referencePath, double tolerance)
    {
        if (!File.Exists(exportPath))
        {
            throw new FileNotFoundException($"--export: '{exportPath}' does not exist (a run's model.safetensors).", exportPath);
        }
        var (model, config) = CheckpointLoader.Load(exportPath, CPU);
        float[][] logits;
        using (model)
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var output = model.call(FixedInput.Create()).to_type(ScalarType.Float32).contiguous();
            var flat = output.data<float>().ToArray();
            var classes = (int)output.shape[1];
            logits = Enumerable.Range(0, (int)output.shape[0]).Select(r => flat.AsSpan(r * classes, classes).ToArray()).ToArray();
        }
        double? maxDiff = null;
        bool? argmax = null;
        if (referencePath is not null)
        {
            var reference = ReadReference(referencePath);
            if (reference.Length != logits.Length || reference.Zip(logits).Any(p => p.First.Length != p.Second.Length))
            {
                throw new InvalidDataException($"{referencePath}: logits shape differs from CifarLab's [{logits.Length}, {logits[0].Length}].");
            }
            // Both sides computed float32 logits: compare as float32, so a reference written as shortest float text
            // (C#) or as the exact double of the float (Python) reads back to the same value.
            maxDiff = reference.Zip(logits).SelectMany(p => p.First.Zip(p.Second, (a, b) => Math.Abs((double)(float)a - b))).Max();
            argmax = reference.Zip(logits).All(p => ArgMax(p.First) == ArgMax(p.Second.Select(v => (double)v).ToArray()));
        }
        return new ExportCheckResult("export-check", Path.GetFullPath(exportPath), config.Model, config.Width, logits,
            referencePath, maxDiff, tolerance, argmax, maxDiff is { } d ? d <= tolerance && argmax == true : null,
            BenchEnvironment.Capture(CPU));
    }

    /// <summary>The reference file is pytorch_ref.py's JSON: {"logits": [[...], ...], ...}.</summary>
    private static double[][] ReadReference(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("logits", out var rows) || rows.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: no \"logits\" array (expected the output of pytorch_ref.py --verify-export).");
        }
        return rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
    }

    private static int ArgMax(double[] row) => Array.IndexOf(row, row.Max());
}

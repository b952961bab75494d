using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Cli.Bench;

/// <summary>
/// The Trainer's optimizer, rebuilt from public engine pieces because the engine's OptimizerSetup is internal:
/// the same two groups from <see cref="ParameterGroups.Split"/> (norm parameters get lr x NormLrMultiplier and
/// weight decay / NormLrMultiplier), the same TorchSharp SGD / AdamW constructors. A test compares the result
/// with OptimizerSetup group by group so the two cannot drift apart unnoticed.
/// </summary>
public static class BenchOptimizer
{
    /// <summary>One group as the optimizer will see it (for the drift test and the JSON report).</summary>
    public sealed record GroupSpec(int Parameters, long Elements, double LearningRate, double WeightDecay);

    public static OptimizerHelper Create(RunConfig c, nn.Module model, out IReadOnlyList<GroupSpec> groups)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (norm, other) = ParameterGroups.Split(model);
        var normLr = c.LearningRate * c.NormLrMultiplier;
        var normWd = c.WeightDecay / c.NormLrMultiplier;
        // Same order as the engine: the main group first, then the norm group; empty groups are left out.
        var specs = new List<(IReadOnlyList<Parameter> Params, double Lr, double Wd)>();
        if (other.Count > 0) specs.Add((other, c.LearningRate, c.WeightDecay));
        if (norm.Count > 0) specs.Add((norm, normLr, normWd));
        groups = specs.Select(s => new GroupSpec(s.Params.Count, s.Params.Sum(p => p.numel()), s.Lr, s.Wd)).ToList();
        if (c.Optimizer == OptimizerKind.Sgd)
        {
            var sgd = specs.Select(s => new SGD.ParamGroup(s.Params, s.Lr, c.Momentum, 0, s.Wd, c.Nesterov)).ToList();
            return optim.SGD(sgd, c.LearningRate, c.Momentum, 0, c.WeightDecay, c.Nesterov);
        }
        var adamw = specs.Select(s => new AdamW.ParamGroup(s.Params, s.Lr, 0.9, 0.999, 1e-8, s.Wd)).ToList();
        return optim.AdamW(adamw, c.LearningRate, 0.9, 0.999, 1e-8, c.WeightDecay);
    }
}

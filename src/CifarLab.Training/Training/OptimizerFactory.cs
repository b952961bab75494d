using CifarLab.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// Builds the optimizer with two parameter groups: normalization parameters and the rest.
/// The norm group gets lr x NormLrMultiplier and weight decay / NormLrMultiplier, which keeps
/// the lr·wd product equal across groups — airbench's convention (bias lr x64).
/// </summary>
internal sealed class OptimizerSetup : IDisposable
{
    private readonly (optim.ILearningRateController Group, double PeakLr)[] _groups;

    private OptimizerSetup(OptimizerHelper optimizer, (optim.ILearningRateController, double)[] groups)
    {
        Optimizer = optimizer;
        _groups = groups;
    }

    public OptimizerHelper Optimizer { get; }

    public static OptimizerSetup Create(RunConfig c, nn.Module model)
    {
        var (normParams, otherParams) = ParameterGroups.Split(model);
        var normLr = c.LearningRate * c.NormLrMultiplier;
        var normWd = c.WeightDecay / c.NormLrMultiplier;
        OptimizerHelper optimizer;
        if (c.Optimizer == OptimizerKind.Sgd)
        {
            var groups = new List<SGD.ParamGroup>();
            if (otherParams.Count > 0)
            {
                groups.Add(new SGD.ParamGroup(otherParams, c.LearningRate, c.Momentum, 0, c.WeightDecay, c.Nesterov));
            }
            if (normParams.Count > 0)
            {
                groups.Add(new SGD.ParamGroup(normParams, normLr, c.Momentum, 0, normWd, c.Nesterov));
            }
            optimizer = optim.SGD(groups, c.LearningRate, c.Momentum, 0, c.WeightDecay, c.Nesterov);
        }
        else
        {
            var groups = new List<AdamW.ParamGroup>();
            if (otherParams.Count > 0)
            {
                groups.Add(new AdamW.ParamGroup(otherParams, c.LearningRate, 0.9, 0.999, 1e-8, c.WeightDecay));
            }
            if (normParams.Count > 0)
            {
                groups.Add(new AdamW.ParamGroup(normParams, normLr, 0.9, 0.999, 1e-8, normWd));
            }
            optimizer = optim.AdamW(groups, c.LearningRate, 0.9, 0.999, 1e-8, c.WeightDecay);
        }
        var controllers = optimizer.ParamGroups.ToArray();
        var peaks = new List<(optim.ILearningRateController, double)>();
        var i = 0;
        if (otherParams.Count > 0)
        {
            peaks.Add((controllers[i++], c.LearningRate));
        }
        if (normParams.Count > 0)
        {
            peaks.Add((controllers[i], normLr));
        }
        return new OptimizerSetup(optimizer, peaks.ToArray());
    }

    /// <summary>Sets every group's lr to its peak x <paramref name="multiplier"/>; returns the main group's lr.</summary>
    public double SetMultiplier(double multiplier)
    {
        foreach (var (group, peak) in _groups)
        {
            group.LearningRate = peak * multiplier;
        }
        return _groups.Length == 0 ? 0 : _groups[0].PeakLr * multiplier;
    }

    public void Dispose() => Optimizer.Dispose();
}

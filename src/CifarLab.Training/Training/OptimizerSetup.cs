using CifarLab.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>One parameter group as the optimizer sees it (reports, benchmarks and tests read these).</summary>
/// <param name="Optimizer">The algorithm that updates it: under Muon, the non-filter groups run on Nesterov SGD.</param>
/// <param name="OwnSchedule">Its lr follows the model's own multiplier (<see cref="IOwnLrSchedule"/>), not the run's.</param>
public sealed record OptimizerGroup(string Name, OptimizerKind Optimizer, IReadOnlyList<Parameter> Parameters, double PeakLr,
    double WeightDecay, bool OwnSchedule = false)
{
    public long Elements => Parameters.Sum(p => p.numel());
}

/// <summary>
/// The run's optimizer(s) and their parameter groups: the single place that decides which parameter gets which
/// algorithm, learning rate and weight decay; the Trainer and the CLI's benchmarks both build it here.
/// <list type="bullet">
/// <item>SGD / AdamW: normalization parameters and the rest (<see cref="ParameterGroups.Split"/>). The norm group gets
/// lr x NormLrMultiplier and weight decay / NormLrMultiplier, which keeps the lr·wd product equal across groups:
/// airbench's convention (bias lr x64).</item>
/// <item>Muon (airbench94_muon.py): trainable 4-D conv filters on <see cref="Training.Muon"/> at MuonLearningRate and
/// MuonMomentum; Nesterov SGD for the rest, split by shape (<see cref="ParameterGroups.SplitForMuon"/>): weight
/// matrices such as the head at LearningRate / WeightDecay, vectors (norm parameters and biases) at the norm lr and
/// decay as above.</item>
/// </list>
/// Parameters a model puts on its own schedule (<see cref="IOwnLrSchedule"/>) keep their group's hyperparameters in a
/// group of their own. All optimizers' state (momentum buffers, Muon's included) saves to and loads from one file.
/// </summary>
public sealed class OptimizerSetup : IDisposable
{
    private readonly OptimizerHelper[] _optimizers;
    private readonly (optim.ILearningRateController Controller, OptimizerGroup Group)[] _controllers;
    private readonly IOwnLrSchedule? _ownSchedule;
    private readonly int _stepsPerEpoch;

    private OptimizerSetup(OptimizerHelper[] optimizers, (optim.ILearningRateController, OptimizerGroup)[] controllers,
        IOwnLrSchedule? ownSchedule, int stepsPerEpoch)
    {
        _optimizers = optimizers;
        _controllers = controllers;
        _ownSchedule = ownSchedule;
        _stepsPerEpoch = stepsPerEpoch;
    }

    /// <summary>Every group, in optimizer order (the first group's lr is the one a run reports).</summary>
    public IReadOnlyList<OptimizerGroup> Groups => _controllers.Select(c => c.Group).ToList();

    /// <summary>The optimizers in step and save order (one, or Muon then SGD).</summary>
    public IReadOnlyList<OptimizerHelper> Optimizers => _optimizers;

    /// <summary>Builds the optimizers for <paramref name="model"/>. Call it after the model reached its device and
    /// dtype: moving replaces the Parameter objects.</summary>
    /// <param name="stepsPerEpoch">For models with an own lr schedule measured in epochs.</param>
    public static OptimizerSetup Create(RunConfig c, nn.Module model, int stepsPerEpoch = 1)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(model);
        var own = model as IOwnLrSchedule;
        var groups = SeparateOwnSchedule(Plan(c, model), own);
        var optimizers = new List<OptimizerHelper>();
        var controllers = new List<(optim.ILearningRateController, OptimizerGroup)>();
        foreach (var kind in groups.Select(g => g.Optimizer).Distinct())
        {
            var mine = groups.Where(g => g.Optimizer == kind).ToList();
            OptimizerHelper optimizer = kind switch
            {
                OptimizerKind.Sgd => optim.SGD(
                    mine.Select(g => new SGD.ParamGroup(g.Parameters, g.PeakLr, c.Momentum, 0, g.WeightDecay, c.Nesterov)),
                    c.LearningRate, c.Momentum, 0, c.WeightDecay, c.Nesterov),
                OptimizerKind.AdamW => optim.AdamW(
                    mine.Select(g => new AdamW.ParamGroup(g.Parameters, g.PeakLr, 0.9, 0.999, 1e-8, g.WeightDecay)),
                    c.LearningRate, 0.9, 0.999, 1e-8, c.WeightDecay),
                OptimizerKind.Muon => new Muon(
                    mine.Select(g => new Muon.ParamGroup(g.Parameters, g.PeakLr, c.MuonMomentum, c.Nesterov)),
                    c.MuonLearningRate, c.MuonMomentum, c.Nesterov),
                _ => throw new ArgumentOutOfRangeException(nameof(c), $"unknown optimizer {kind}"),
            };
            optimizers.Add(optimizer);
            controllers.AddRange(optimizer.ParamGroups.Zip(mine));
        }
        return new OptimizerSetup(optimizers.ToArray(), controllers.ToArray(), own, Math.Max(1, stepsPerEpoch));
    }

    /// <summary>The groups before own-schedule parameters are taken out; empty groups are dropped later.</summary>
    private static List<OptimizerGroup> Plan(RunConfig c, nn.Module model)
    {
        var normLr = c.LearningRate * c.NormLrMultiplier;
        var normWd = c.WeightDecay / c.NormLrMultiplier;
        if (c.Optimizer != OptimizerKind.Muon)
        {
            var (norm, other) = ParameterGroups.Split(model);
            return
            [
                new("main", c.Optimizer, other, c.LearningRate, c.WeightDecay),
                new("norm", c.Optimizer, norm, normLr, normWd),
            ];
        }
        var (filters, matrices, vectors) = ParameterGroups.SplitForMuon(model);
        return
        [
            // Muon takes no weight decay: it renormalises each filter every step instead.
            new("filters", OptimizerKind.Muon, filters, c.MuonLearningRate, 0),
            new("weights", OptimizerKind.Sgd, matrices, c.LearningRate, c.WeightDecay),
            new("vectors", OptimizerKind.Sgd, vectors, normLr, normWd),
        ];
    }

    private static List<OptimizerGroup> SeparateOwnSchedule(List<OptimizerGroup> plan, IOwnLrSchedule? own)
    {
        var ownHandles = own?.OwnScheduleParameters.Select(p => p.Handle).ToHashSet() ?? [];
        var groups = new List<OptimizerGroup>();
        foreach (var g in plan)
        {
            var regular = g.Parameters.Where(p => !ownHandles.Contains(p.Handle)).ToList();
            var scheduled = g.Parameters.Where(p => ownHandles.Contains(p.Handle)).ToList();
            if (regular.Count > 0)
            {
                groups.Add(g with { Parameters = regular });
            }
            if (scheduled.Count > 0)
            {
                groups.Add(g with { Name = g.Name + " (own schedule)", Parameters = scheduled, OwnSchedule = true });
            }
        }
        return groups;
    }

    /// <summary>
    /// Sets every group's lr for the update at 0-based <paramref name="step"/>: peak x <paramref name="multiplier"/>
    /// (the run's schedule), or peak x the model's own multiplier for own-schedule groups. Returns the first
    /// run-scheduled group's lr (the one progress reports show).
    /// </summary>
    public double SetMultiplier(double multiplier, int step)
    {
        double? reported = null;
        foreach (var (controller, group) in _controllers)
        {
            var m = group.OwnSchedule ? _ownSchedule!.OwnLrMultiplier(step, _stepsPerEpoch) : multiplier;
            controller.LearningRate = group.PeakLr * m;
            if (!group.OwnSchedule)
            {
                reported ??= controller.LearningRate;
            }
        }
        return reported ?? 0;
    }

    /// <summary>One update of every group.</summary>
    public void Step()
    {
        foreach (var optimizer in _optimizers)
        {
            optimizer.step();
        }
    }

    /// <summary>Writes every optimizer's state, one after the other, to <paramref name="path"/> (TorchSharp's format;
    /// a single optimizer's file is exactly what its own save_state_dict writes).</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    /// <summary>Writes every optimizer's state to the stream (left open).</summary>
    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        foreach (var optimizer in _optimizers)
        {
            optimizer.save_state_dict(writer);
        }
    }

    /// <summary>Restores what <see cref="Save"/> wrote for the same config and model.</summary>
    public void Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        foreach (var optimizer in _optimizers)
        {
            optimizer.load_state_dict(reader);
        }
    }

    public void Dispose()
    {
        foreach (var optimizer in _optimizers)
        {
            optimizer.Dispose();
        }
    }
}

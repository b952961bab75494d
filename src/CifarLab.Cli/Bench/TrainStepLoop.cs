using System.Diagnostics;
using CifarLab.Training.Data;
using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Cli.Bench;

/// <summary>Per-step wall and process-CPU milliseconds.</summary>
internal sealed record StepTimes(double[] WallMs, double[] CpuMs)
{
    public double WallSeconds => WallMs.Sum() / 1000;
    public double CpuSeconds => CpuMs.Sum() / 1000;
}

/// <summary>
/// The Trainer's inner step with nothing around it: one fixed batch of random normalized images on the device,
/// then per step, inside its own dispose scope exactly as Trainer.TrainEpoch does: forward, cast logits to float32,
/// cross-entropy (the config's reduction and label smoothing), zero_grad, backward (loss-scaled as the Trainer's,
/// see HalfPrecision.LossScale), optimizer step.
/// No augmentation, batch gathering, loss bookkeeping, lookahead or progress: that is the Trainer's overhead,
/// which <see cref="EpochBench"/> measures against this.
/// </summary>
internal sealed class TrainStepLoop : IDisposable
{
    private readonly RunConfig _c;
    private readonly Device _device;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly OptimizerSetup _optimizer;
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly nn.Reduction _reduction;
    private readonly double _lossScale;
    private readonly Parameter[] _parameters;

    /// <param name="images">Normalized images to train on (the first <paramref name="batchSize"/> form the batch, the
    /// first 5000 initialise a data-dependent stem) with their <paramref name="labels"/>; null = random ones.</param>
    public TrainStepLoop(RunConfig config, Device device, int batchSize, Tensor? images = null, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _c = config;
        _device = device;
        BatchSize = batchSize;
        _reduction = config.Loss == LossReduction.Sum ? nn.Reduction.Sum : nn.Reduction.Mean;

        torch.manual_seed(config.Seed);
        using (var scope = NewDisposeScope())
        {
            if (images is not null && labels is not null)
            {
                _x = images.narrow(0, 0, batchSize).to(device).clone().MoveToOuterDisposeScope();
                _y = labels.narrow(0, 0, batchSize).to(device).clone().MoveToOuterDisposeScope();
            }
            else
            {
                // Random bytes through the engine's own normalization: the inputs have CIFAR-like statistics.
                var bytes = randint(0, 256, [batchSize, 3, 32, 32], ScalarType.Byte);
                _x = CifarStats.Normalize(bytes, device).MoveToOuterDisposeScope();
                _y = randint(0, 10, [batchSize], ScalarType.Int64).to(device).MoveToOuterDisposeScope();
            }
        }
        _model = ModelCatalog.Get(config.Model).Create(new ModelOptions { Width = config.Width, Norm = config.Norm, Dropout = config.Dropout });
        _model.to(device);
        ParameterCount = _model.parameters().Sum(p => p.numel());
        if (_model is IDataInitialized init)
        {
            using var scope = NewDisposeScope();
            init.InitializeFromData(images is null ? _x : images.narrow(0, 0, Math.Min(5000, images.shape[0])).to(device));
        }
        if (_model is IEpochAware aware)
        {
            aware.OnEpochStart(0);
        }
        HalfType = HalfPrecision.Apply(_model, config.Precision, device);
        _lossScale = HalfPrecision.LossScale(HalfType, config.Loss, batchSize);
        _parameters = _model.parameters().ToArray();
        if (HalfType is { } ht)
        {
            var half = _x.to_type(ht);
            _x.Dispose();
            _x = half;
        }
        if (config.ChannelsLast)
        {
            var nhwc = ChannelsLast.Convert(_x); // once: the Trainer converts each batch, a few ms of a step
            _x.Dispose();
            _x = nhwc;
        }
        // The engine's own optimizer setup, groups and all: the bench steps exactly what the Trainer steps.
        _optimizer = OptimizerSetup.Create(config, _model);
        TrainableCount = _optimizer.Groups.Sum(g => g.Elements);
        _model.train();
    }

    public int BatchSize { get; }
    public long ParameterCount { get; }
    public long TrainableCount { get; }
    public ScalarType? HalfType { get; }

    /// <summary>Runs <paramref name="steps"/> steps and returns each one's wall and process-CPU time.</summary>
    public StepTimes TimeSteps(int steps)
    {
        var wall = new double[steps];
        var cpu = new double[steps];
        for (var s = 0; s < steps; s++)
        {
            var cpuStart = CpuClock.Seconds();
            var start = Stopwatch.GetTimestamp();
            Step();
            if (_device.type == DeviceType.CUDA)
            {
                // CUDA kernels run asynchronously: without a sync the clock would time the launches only.
                torch.cuda.synchronize(_device);
            }
            wall[s] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[s] = (CpuClock.Seconds() - cpuStart) * 1000;
        }
        return new StepTimes(wall, cpu);
    }

    /// <summary>The loss of the fixed batch under the current weights (a finiteness check for the report).</summary>
    public double CurrentLoss()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = _model.call(_x).to_type(ScalarType.Float32);
        return nn.functional.cross_entropy(logits, _y, reduction: _reduction, label_smoothing: _c.LabelSmoothing).ToDouble();
    }

    /// <summary>
    /// Steps with the process-CPU milliseconds of each phase (forward incl. loss, zero_grad, backward, optimizer
    /// step, disposing the step's tensors), summed over <paramref name="steps"/>. The phases are the same calls as
    /// <see cref="Step"/>; reading the clock between them costs about a microsecond each.
    /// </summary>
    public Dictionary<string, double> ProfileSteps(int steps)
    {
        var phases = new Dictionary<string, double> { ["forward"] = 0, ["zeroGrad"] = 0, ["backward"] = 0, ["optimizer"] = 0, ["dispose"] = 0 };
        for (var s = 0; s < steps; s++)
        {
            var t0 = CpuClock.Seconds();
            var stepScope = NewDisposeScope();
            var logits = _model.call(_x).to_type(ScalarType.Float32);
            var loss = nn.functional.cross_entropy(logits, _y, reduction: _reduction, label_smoothing: _c.LabelSmoothing);
            var t1 = CpuClock.Seconds();
            _model.zero_grad();
            var t2 = CpuClock.Seconds();
            HalfPrecision.Backward(loss, _lossScale, _parameters);
            var t3 = CpuClock.Seconds();
            _optimizer.Step();
            var t4 = CpuClock.Seconds();
            stepScope.Dispose();
            var t5 = CpuClock.Seconds();
            phases["forward"] += (t1 - t0) * 1000;
            phases["zeroGrad"] += (t2 - t1) * 1000;
            phases["backward"] += (t3 - t2) * 1000;
            phases["optimizer"] += (t4 - t3) * 1000;
            phases["dispose"] += (t5 - t4) * 1000;
        }
        return phases.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value / steps, 3));
    }

    private void Step()
    {
        using var stepScope = NewDisposeScope();
        var logits = _model.call(_x).to_type(ScalarType.Float32);
        var loss = nn.functional.cross_entropy(logits, _y, reduction: _reduction, label_smoothing: _c.LabelSmoothing);
        _model.zero_grad();
        HalfPrecision.Backward(loss, _lossScale, _parameters);
        _optimizer.Step();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}

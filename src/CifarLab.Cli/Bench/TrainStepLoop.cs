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
/// The engine's training step (<see cref="TrainStep"/>, the one the Trainer runs) with nothing around it: one fixed
/// batch of normalized images on the device, prepared once (dtype, channels-last), and per step, inside its own
/// dispose scope as the Trainer does, <see cref="TrainStep.Step"/>. The model comes from <see cref="RunModel"/>, as
/// the Trainer's does. No augmentation, batch gathering, loss bookkeeping, lookahead or progress: that is the
/// Trainer's overhead, which <see cref="EpochBench"/> measures against this.
/// </summary>
internal sealed class TrainStepLoop : IDisposable
{
    private readonly Device _device;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TrainStep _step;
    private readonly Tensor _x;
    private readonly Tensor _y;

    /// <param name="images">Normalized images to train on (the first <paramref name="batchSize"/> form the batch, the
    /// first 5000 initialise a data-dependent stem) with their <paramref name="labels"/>; null = random ones.</param>
    public TrainStepLoop(RunConfig config, Device device, int batchSize, Tensor? images = null, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _device = device;
        BatchSize = batchSize;

        Tensor x;
        using (var scope = NewDisposeScope())
        {
            if (images is not null && labels is not null)
            {
                x = images.narrow(0, 0, batchSize).to(device).clone().MoveToOuterDisposeScope();
                _y = labels.narrow(0, 0, batchSize).to(device).clone().MoveToOuterDisposeScope();
            }
            else
            {
                // Random bytes through the engine's own normalization: the inputs have CIFAR-like statistics. A
                // generator of its own, so the model below gets the same initial weights as a Trainer run of this seed.
                using var generator = new Generator((ulong)config.Seed, CPU);
                var bytes = randint(0, 256, [batchSize, 3, 32, 32], ScalarType.Byte, generator: generator);
                x = CifarStats.Normalize(bytes, device).MoveToOuterDisposeScope();
                _y = randint(0, 10, [batchSize], ScalarType.Int64, generator: generator).to(device).MoveToOuterDisposeScope();
            }
        }
        _model = RunModel.Create(config, device, images ?? x);
        ParameterCount = _model.parameters().Sum(p => p.numel());
        if (_model is IEpochAware aware)
        {
            aware.OnEpochStart(0);
        }
        // The engine's own step, optimizer groups and all: the bench steps exactly what the Trainer steps.
        _step = new TrainStep(config, _model, device, batchSize);
        TrainableCount = _step.Optimizer.Groups.Sum(g => g.Elements);
        using (var scope = NewDisposeScope())
        {
            // Once: the Trainer converts each batch, a few ms of a step.
            var prepared = _step.PrepareInput(x);
            _x = ReferenceEquals(prepared, x) ? x : prepared.MoveToOuterDisposeScope();
        }
        if (!ReferenceEquals(_x, x))
        {
            x.Dispose();
        }
        _model.train();
    }

    public int BatchSize { get; }
    public long ParameterCount { get; }
    public long TrainableCount { get; }
    public ScalarType? HalfType => _step.HalfType;

    /// <summary>Runs <paramref name="steps"/> steps and returns each one's wall and process-CPU time.</summary>
    public StepTimes TimeSteps(int steps)
    {
        var wall = new double[steps];
        var cpu = new double[steps];
        for (var s = 0; s < steps; s++)
        {
            var cpuStart = CpuClock.Seconds();
            var start = Stopwatch.GetTimestamp();
            using (NewDisposeScope())
            {
                _step.Step(_x, _y);
            }
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
        return _step.Forward(_x, _y).Loss.ToDouble();
    }

    /// <summary>
    /// Steps with the process-CPU milliseconds of each phase (forward incl. loss, zero_grad, backward, optimizer
    /// step, disposing the step's tensors), summed over <paramref name="steps"/>. The phases are
    /// <see cref="TrainStep.Step"/>'s own; reading the clock between them costs about a microsecond each.
    /// </summary>
    public Dictionary<string, double> ProfileSteps(int steps)
    {
        var phases = new Dictionary<string, double> { ["forward"] = 0, ["zeroGrad"] = 0, ["backward"] = 0, ["optimizer"] = 0, ["dispose"] = 0 };
        for (var s = 0; s < steps; s++)
        {
            var t0 = CpuClock.Seconds();
            var stepScope = NewDisposeScope();
            var loss = _step.Forward(_x, _y).Loss;
            var t1 = CpuClock.Seconds();
            _step.ZeroGrad();
            var t2 = CpuClock.Seconds();
            _step.Backward(loss);
            var t3 = CpuClock.Seconds();
            _step.OptimizerStep();
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

    public void Dispose()
    {
        _step.Dispose();
        _model.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}

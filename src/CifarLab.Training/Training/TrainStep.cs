using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>What one forward pass of a training step produced: float32 logits and the loss (the config's reduction).</summary>
public readonly record struct StepOutput(Tensor Logits, Tensor Loss);

/// <summary>
/// One training step of a run, the only one there is: the Trainer runs every step through it and the CLI's benchmarks
/// time it. Built from the run config and a model already on its device (and initialised from data where the model
/// wants that), it converts the model to the run's precision (<see cref="HalfPrecision"/>), builds the optimizers
/// (<see cref="OptimizerSetup"/>: SGD, AdamW, or Muon plus SGD) and picks the loss and its scale. A step is: input to
/// the run's dtype and memory format (<see cref="PrepareInput"/>), forward, logits to float32, cross-entropy with the
/// config's reduction and label smoothing, zero_grad, backward (loss-scaled where float16 needs it), optimizer step.
/// The phases are public so a caller can act between them (the Trainer checks the loss before updating; the bench
/// times each phase); <see cref="Step"/> runs them all. Tensors a step creates belong to the caller's dispose scope.
/// Owns the optimizers; the model stays the caller's.
/// </summary>
public sealed class TrainStep : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly nn.Reduction _reduction;
    private readonly double _labelSmoothing;
    private readonly Parameter[] _scaledParameters;
    private readonly double _gradClipNorm;
    private readonly Parameter[] _clippedParameters;

    /// <param name="config">The run: optimizer, loss, precision, channels-last.</param>
    /// <param name="model">On <paramref name="device"/>, in float32, already initialised; converted here for the run's precision.</param>
    /// <param name="batchSize">The step's batch (float16 mean losses scale by it).</param>
    /// <param name="stepsPerEpoch">For models whose own lr schedule counts epochs (<see cref="Models.IOwnLrSchedule"/>).</param>
    /// <param name="note">Receives a sentence when the precision asked for does not apply as is (e.g. bfloat16 on a CPU without it).</param>
    public TrainStep(RunConfig config, nn.Module<Tensor, Tensor> model, Device device, int batchSize, int stepsPerEpoch = 1, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _model = model;
        ChannelsLast = config.ChannelsLast;
        _reduction = config.Loss == LossReduction.Sum ? nn.Reduction.Sum : nn.Reduction.Mean;
        _labelSmoothing = config.LabelSmoothing;
        HalfType = HalfPrecision.Apply(model, config.Precision, device, note);
        LossScale = HalfPrecision.LossScale(HalfType, config.Loss, batchSize);
        _scaledParameters = LossScale == 1 ? [] : model.parameters().ToArray();
        // After the precision change: converting the model replaces its Parameter objects.
        Optimizer = OptimizerSetup.Create(config, model, stepsPerEpoch);
        _gradClipNorm = config.GradClipNorm;
        _clippedParameters = _gradClipNorm > 0 ? model.parameters().Where(p => p.requires_grad).ToArray() : [];
    }

    /// <summary>The input dtype the model takes (bfloat16/float16), or null for float32.</summary>
    public ScalarType? HalfType { get; }

    /// <summary>Inputs go in channels-last (NHWC) memory format.</summary>
    public bool ChannelsLast { get; }

    /// <summary>The factor the loss is multiplied by before backward (1 except for float16 with a mean loss).</summary>
    public double LossScale { get; }

    /// <summary>The run's optimizers and parameter groups (schedules, checkpoints and reports use them).</summary>
    public OptimizerSetup Optimizer { get; }

    /// <summary>Sets every group's lr for the update at 0-based <paramref name="step"/>; returns the lr a run reports.</summary>
    public double SetLrMultiplier(double multiplier, int step) => Optimizer.SetMultiplier(multiplier, step);

    /// <summary>Normalized float32 images [N,3,H,W] as the model takes them: the run's half type, channels-last where set.</summary>
    public Tensor PrepareInput(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var x = images;
        if (HalfType is { } t && x.dtype != t)
        {
            x = x.to_type(t);
        }
        return ChannelsLast ? Training.ChannelsLast.Convert(x) : x;
    }

    /// <summary>
    /// Forward pass on a prepared batch: float32 logits and the loss against <paramref name="labels"/>.
    /// The pass runs in a dispose scope of its own and only the logits and the loss leave it: every other tensor the
    /// network made is released here. What backward needs the autograd graph keeps by its own reference; the rest (a
    /// ReLU's input, a residual sum, the stem's copies) would otherwise stay alive in the caller's scope through the
    /// whole backward pass and raise the step's peak memory (docs/BENCHMARKS.md, "Peak memory"). Same numbers.
    /// </summary>
    public StepOutput Forward(Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var logits = _model.call(input).to_type(ScalarType.Float32);
        var loss = Loss(logits, labels);
        return new StepOutput(logits.MoveToOuterDisposeScope(), loss.MoveToOuterDisposeScope());
    }

    /// <summary>The run's loss of float32 <paramref name="logits"/>: cross-entropy, the config's reduction and label smoothing.</summary>
    public Tensor Loss(Tensor logits, Tensor labels) =>
        nn.functional.cross_entropy(logits, labels, reduction: _reduction, label_smoothing: _labelSmoothing);

    public void ZeroGrad() => _model.zero_grad();

    /// <summary>Backpropagates <paramref name="loss"/> (scaled and unscaled where <see cref="LossScale"/> says).</summary>
    public void Backward(Tensor loss) => HalfPrecision.Backward(loss, LossScale, _scaledParameters);

    /// <summary>One update of every parameter group.</summary>
    /// <remarks>With <see cref="RunConfig.GradClipNorm"/> set, the gradients (unscaled by <see cref="Backward"/>) are first
    /// scaled down so that their global L2 norm is at most that value (PyTorch's clip_grad_norm_).</remarks>
    public void OptimizerStep()
    {
        if (_gradClipNorm > 0)
        {
            nn.utils.clip_grad_norm_(_clippedParameters, _gradClipNorm);
        }
        Optimizer.Step();
    }

    /// <summary>The update from a forward pass's loss: zero_grad, backward, optimizer step.</summary>
    public void Update(Tensor loss)
    {
        ZeroGrad();
        Backward(loss);
        OptimizerStep();
    }

    /// <summary>A whole step on a prepared batch (see <see cref="PrepareInput"/>).</summary>
    public StepOutput Step(Tensor input, Tensor labels)
    {
        var output = Forward(input, labels);
        Update(output.Loss);
        return output;
    }

    public void Dispose() => Optimizer.Dispose();
}

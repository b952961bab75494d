using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// Muon for conv filters and other weight matrices, as published in Jordan et al., "Muon: an optimizer for hidden
/// layers" (2024) and its CIFAR-10 script (KellerJordan/cifar10-airbench, airbench94_muon.py; facts in
/// docs/RECIPES.md). Per parameter p with gradient g, each step:
/// <code>
///   buf ← momentum·buf + g                      (buf starts at zero)
///   d   ← g + momentum·buf  (Nesterov)  or  buf
///   p   ← p · sqrt(rows) / ‖p‖_F                 (the filter is kept at norm sqrt(out_channels))
///   p   ← p − lr · NewtonSchulz(d reshaped to (rows, rest))
/// </code>
/// No weight decay: the renormalisation fixes each filter's scale. Parameters without a gradient are skipped.
/// Momentum buffers are optimizer state: they are saved and restored with <c>save_state_dict</c> /
/// <c>load_state_dict</c>, so a resumed run continues exactly.
/// </summary>
public sealed class Muon : OptimizerHelper
{
    public Muon(IEnumerable<ParamGroup> groups, double lr, double momentum, bool nesterov)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Check(lr, momentum, nesterov);
        _defaults = new Options { LearningRate = lr, InitialLearningRate = lr, Momentum = momentum, Nesterov = nesterov };
        _parameter_groups = new List<TorchSharp.Modules.ParamGroup>();
        foreach (var g in groups)
        {
            add_param_group(g);
        }
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        var lr = o.LearningRate!.Value;
        var momentum = o.Momentum!.Value;
        foreach (var p in group.Parameters)
        {
            var grad = p.grad;
            if (grad is null)
            {
                continue;
            }
            var state = (State)_state[p.Handle];
            state.MomentumBuffer ??= zeros_like(grad).DetachFromDisposeScope();
            var buf = state.MomentumBuffer;
            buf.mul_(momentum).add_(grad);
            var direction = o.Nesterov!.Value ? grad.add(buf, alpha: momentum) : buf;
            var rows = p.shape[0];
            p.mul_(p.norm().reciprocal().mul(Math.Sqrt(rows)));
            var update = NewtonSchulz.Orthogonalize(direction.reshape(rows, -1)).view(p.shape);
            p.add_(update, alpha: -lr);
        }
    }, closure)!;

    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        ArgumentNullException.ThrowIfNull(param_group);
        var defaults = (Options)_defaults;
        param_group.Options ??= new Options();
        var o = (Options)param_group.Options;
        o.LearningRate ??= defaults.LearningRate;
        o.Momentum ??= defaults.Momentum;
        o.Nesterov ??= defaults.Nesterov;
        Check(o.LearningRate!.Value, o.Momentum!.Value, o.Nesterov!.Value);
        o.InitialLearningRate = o.LearningRate.Value;
        _parameter_groups.Add(param_group);
        foreach (var p in param_group.Parameters)
        {
            if (p.dim() < 2)
            {
                throw new ArgumentException($"Muon updates matrices and filters; a parameter of shape [{string.Join(", ", p.shape)}] belongs to another optimizer.", nameof(param_group));
            }
            _state[p.Handle] = new State(p);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var (_, s) in _state)
        {
            ((State)s).Dispose();
        }
        _state.Clear();
    }

    private static void Check(double lr, double momentum, bool nesterov)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {lr}");
        if (momentum < 0) throw new ArgumentException($"Invalid momentum value: {momentum}");
        if (nesterov && momentum <= 0) throw new ArgumentException("Nesterov momentum requires a momentum");
    }

    /// <summary>Per-group hyperparameters; saved with the state (learning rates, then momentum and Nesterov).</summary>
    public sealed class Options : OptimizerOptions
    {
        public double? Momentum { get; set; }
        public bool? Nesterov { get; set; }

        public override void SaveStateDict(BinaryWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            base.SaveStateDict(writer);
            writer.Write(Momentum!.Value);
            writer.Write(Nesterov!.Value);
        }

        public override void LoadStateDict(BinaryReader reader)
        {
            ArgumentNullException.ThrowIfNull(reader);
            base.LoadStateDict(reader);
            Momentum = reader.ReadDouble();
            Nesterov = reader.ReadBoolean();
        }

        public override void LoadStateDict(OptimizerOptions source)
        {
            base.LoadStateDict(source);
            var o = (Options)source;
            Momentum = o.Momentum;
            Nesterov = o.Nesterov;
        }
    }

    public sealed class ParamGroup : ParamGroup<Options>
    {
        public ParamGroup(IEnumerable<Parameter> parameters, double lr, double momentum, bool nesterov)
            : base(parameters, new Options { LearningRate = lr, Momentum = momentum, Nesterov = nesterov })
        {
        }
    }

    /// <summary>One parameter's momentum buffer (null until its first gradient).</summary>
    public sealed class State(Parameter parameter) : OptimizerState(parameter), IDisposable
    {
        public Tensor? MomentumBuffer { get; set; }

        public override void SaveStateDict(BinaryWriter writer) => SaveConditionalStateTensor(writer, MomentumBuffer);

        public override void LoadStateDict(BinaryReader reader)
        {
            var buffer = MomentumBuffer;
            LoadConditionalStateTensor(reader, ref buffer, _parameter.device);
            MomentumBuffer = buffer;
        }

        public override void LoadStateDict(OptimizerState source)
        {
            MomentumBuffer?.Dispose();
            MomentumBuffer = ((State)source).MomentumBuffer?.to(_parameter.device, copy: true);
        }

        public override bool ApproximatelyEquals(OptimizerState other) =>
            other is State s && (MomentumBuffer is null ? s.MomentumBuffer is null : s.MomentumBuffer is not null && MomentumBuffer.allclose(s.MomentumBuffer));

        public override void Initialize(OptimizerOptions options)
        {
            MomentumBuffer?.Dispose();
            MomentumBuffer = null;
        }

        public override void to(Device device) => MomentumBuffer = MomentumBuffer?.to(device, disposeAfter: true);

        public void Dispose() => MomentumBuffer?.Dispose();
    }
}

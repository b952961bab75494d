using CifarLab.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Training;

/// <summary>
/// The one training step (<see cref="TrainStep"/>, which the Trainer and the benchmarks both run) against the
/// update written out here: a reference copy of a tiny net, its gradient from a label-smoothed cross-entropy spelt
/// out with log_softmax, and each optimizer's published update rule (PyTorch's SGD and AdamW; Muon as in
/// airbench94_muon.py) applied per parameter group. Three steps each, so momentum and Adam's moments count.
/// </summary>
[Collection(Tests.Models.ModelTestData.Collection)]
public sealed class TrainStepTests
{
    private const int Batch = 8, Classes = 10, Steps = 3;
    private const double Multiplier = 0.5; // the schedule's lr multiplier for every step

    // Names from TinyNet: conv (4-D filter), bn (norm weight and bias), head (matrix and bias).
    private static readonly string[] NormNames = ["bn.weight", "bn.bias"];

    public static TheoryData<string, string> Configs() => new()
    {
        { "sgd", "sum" },
        { "sgd", "mean" },
        { "adamw", "mean" },
        { "muon", "sum" },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Steps_change_the_weights_as_the_update_rule_written_out_says(string optimizer, string loss)
    {
        var c = new RunConfig
        {
            Optimizer = Enum.Parse<OptimizerKind>(optimizer, ignoreCase: true),
            Loss = Enum.Parse<LossReduction>(loss, ignoreCase: true),
            LearningRate = 0.02,
            Momentum = 0.85,
            Nesterov = true,
            WeightDecay = 0.05,
            NormLrMultiplier = 4,
            LabelSmoothing = 0.2,
            MuonLearningRate = 0.1,
            MuonMomentum = 0.6,
        };
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var x = randn([Batch, 3, 6, 6], generator: generator);
        var y = randint(Classes, [Batch], ScalarType.Int64, generator: generator);
        using var model = TinyNet();
        using var reference = TinyNet();
        Assert.True(Weights(model).Zip(Weights(reference)).All(p => TestSupport.TensorAssert.Same(p.First.Value, p.Second.Value)));
        var initial = Weights(model).ToDictionary(p => p.Name, p => p.Value.detach().clone());
        using var step = new TrainStep(c, model, CPU, Batch);
        var expected = new ReferenceUpdate(c, reference);
        for (var s = 0; s < Steps; s++)
        {
            step.SetLrMultiplier(Multiplier, s);
            var output = step.Step(step.PrepareInput(x), y);
            var lossValue = expected.Step(x, y);
            Assert.Equal(lossValue, output.Loss.ToDouble(), 4);
        }
        var moved = false;
        foreach (var ((name, actual), (_, want)) in Weights(model).Zip(Weights(reference)))
        {
            var scale = want.abs().max().ToDouble() + 1e-6;
            var diff = actual.sub(want).abs().max().ToDouble();
            Assert.True(diff <= 1e-5 * scale, $"{name}: max difference {diff:G3} from the written-out update (scale {scale:G3})");
            moved |= !TestSupport.TensorAssert.Same(actual, initial[name]);
        }
        Assert.True(moved, "the steps should have changed the weights");
    }

    [Fact]
    public void Prepared_input_is_channels_last_with_the_same_values_when_the_config_asks()
    {
        using var scope = NewDisposeScope();
        using var model = TinyNet();
        using var step = new TrainStep(new RunConfig { ChannelsLast = true }, model, CPU, Batch);
        var x = randn([2, 3, 6, 6]);
        var prepared = step.PrepareInput(x);
        Assert.True(ChannelsLast.IsChannelsLast(prepared));
        Assert.False(ChannelsLast.IsChannelsLast(x));
        Assert.True(TestSupport.TensorAssert.Same(x, prepared));
        Assert.Null(step.HalfType);
        Assert.Equal(1, step.LossScale);
    }

    private static Sequential TinyNet()
    {
        manual_seed(11);
        var net = nn.Sequential(
            ("conv", nn.Conv2d(3, 4, 3, bias: false)),
            ("bn", nn.BatchNorm2d(4)),
            ("flat", nn.Flatten()),
            ("head", nn.Linear(4 * 4 * 4, Classes)));
        using (no_grad())
        {
            // Non-trivial BN parameters, so their gradients and decay show.
            net.get_parameter("bn.weight")!.uniform_(0.5, 1.5);
            net.get_parameter("bn.bias")!.uniform_(-0.5, 0.5);
        }
        return net;
    }

    private static List<(string Name, Tensor Value)> Weights(nn.Module net) =>
        net.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();

    /// <summary>The update rules written out, per parameter, on a reference copy of the net.</summary>
    private sealed class ReferenceUpdate(RunConfig c, Sequential net)
    {
        private readonly Dictionary<string, Tensor> _buffer = [];
        private readonly Dictionary<string, Tensor> _second = [];
        private int _t;

        public double Step(Tensor x, Tensor y)
        {
            _t++;
            net.zero_grad();
            var logits = net.call(x);
            var loss = SmoothedCrossEntropy(logits, y);
            loss.backward();
            using var _ = no_grad();
            foreach (var (name, p) in net.named_parameters())
            {
                var norm = NormNames.Contains(name);
                var filter = p.dim() == 4;
                var vector = norm || p.dim() < 2;
                if (c.Optimizer == OptimizerKind.Muon && filter)
                {
                    Muon(name, p);
                }
                else
                {
                    // Muon's SGD groups: vectors (norm parameters and biases) get the norm lr and decay; SGD and
                    // AdamW: the norm layers' parameters do.
                    var normGroup = c.Optimizer == OptimizerKind.Muon ? vector : norm;
                    var lr = Multiplier * (normGroup ? c.LearningRate * c.NormLrMultiplier : c.LearningRate);
                    var wd = normGroup ? c.WeightDecay / c.NormLrMultiplier : c.WeightDecay;
                    if (c.Optimizer == OptimizerKind.AdamW)
                    {
                        AdamW(name, p, lr, wd);
                    }
                    else
                    {
                        Sgd(name, p, lr, wd);
                    }
                }
            }
            return loss.ToDouble();
        }

        /// <summary>Cross-entropy with label smoothing ε over K classes: (1-ε)·(-log p_y) + ε/K·Σ_k(-log p_k), summed or averaged.</summary>
        private Tensor SmoothedCrossEntropy(Tensor logits, Tensor y)
        {
            var logp = logits.log_softmax(1);
            var eps = c.LabelSmoothing;
            var perImage = logp.gather(1, y.unsqueeze(1)).squeeze(1).mul(-(1 - eps)).add(logp.sum(1).mul(-eps / Classes));
            return c.Loss == LossReduction.Sum ? perImage.sum() : perImage.mean();
        }

        // PyTorch SGD: d = g + wd·p; buf = momentum·buf + d; Nesterov: d + momentum·buf.
        private void Sgd(string name, Tensor p, double lr, double wd)
        {
            var d = p.grad!.add(p, alpha: wd);
            var buf = Buffer(_buffer, name, p).mul_(c.Momentum).add_(d);
            var direction = c.Nesterov ? d.add(buf, alpha: c.Momentum) : buf;
            p.sub_(direction.mul(lr));
        }

        // PyTorch AdamW (betas 0.9, 0.999, eps 1e-8): decoupled decay, bias-corrected moments.
        private void AdamW(string name, Tensor p, double lr, double wd)
        {
            const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
            var g = p.grad!;
            p.mul_(1 - lr * wd);
            var m = Buffer(_buffer, name, p).mul_(b1).add_(g.mul(1 - b1));
            var v = Buffer(_second, name, p).mul_(b2).add_(g.mul(g).mul(1 - b2));
            var mHat = m.div(1 - Math.Pow(b1, _t));
            var vHat = v.div(1 - Math.Pow(b2, _t));
            p.sub_(mHat.div(vHat.sqrt().add(eps)).mul(lr));
        }

        // airbench94_muon.py: buf = μ·buf + g; Nesterov direction g + μ·buf; the filter rescaled to norm
        // sqrt(out_channels); then the orthogonalised direction (Newton-Schulz, checked on its own in MuonTests) at lr.
        private void Muon(string name, Tensor p)
        {
            var g = p.grad!;
            var buf = Buffer(_buffer, name, p).mul_(c.MuonMomentum).add_(g);
            var direction = c.Nesterov ? g.add(buf, alpha: c.MuonMomentum) : buf;
            var rows = p.shape[0];
            p.mul_(Math.Sqrt(rows) / p.norm().ToDouble());
            p.sub_(NewtonSchulz.Orthogonalize(direction.reshape(rows, -1)).view(p.shape).mul(Multiplier * c.MuonLearningRate));
        }

        private static Tensor Buffer(Dictionary<string, Tensor> buffers, string name, Tensor like)
        {
            if (!buffers.TryGetValue(name, out var b))
            {
                buffers[name] = b = zeros_like(like);
            }
            return b;
        }
    }
}

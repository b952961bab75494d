using CifarLab.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Training;

/// <summary>
/// Gradient clipping (<see cref="RunConfig.GradClipNorm"/>) in the one training step: with plain SGD (no momentum, no
/// decay, lr 1) an update is minus the gradient, so the update's global norm is the gradient's norm, capped at the
/// clip value, and its direction is the unclipped gradient's.
/// </summary>
[Collection(Tests.Models.ModelTestData.Collection)]
public sealed class GradientClippingTests
{
    private static readonly RunConfig PlainSgd = new()
    {
        Optimizer = OptimizerKind.Sgd, LearningRate = 1, Momentum = 0, Nesterov = false, WeightDecay = 0,
        NormLrMultiplier = 1, LabelSmoothing = 0, Loss = LossReduction.Mean,
    };

    [Fact]
    public void A_large_gradient_is_scaled_down_to_the_clip_norm_keeping_its_direction()
    {
        var free = Update(PlainSgd);
        var freeNorm = GlobalNorm(free);
        const double clip = 0.01;
        Assert.True(freeNorm > 10 * clip, $"the test needs a gradient well above the clip value (norm {freeNorm:G3})");

        var clipped = Update(PlainSgd with { GradClipNorm = clip });

        Assert.Equal(clip, GlobalNorm(clipped), 5);
        var factor = clip / freeNorm;
        foreach (var (a, b) in clipped.Zip(free))
        {
            Assert.True(a.sub(b.mul(factor)).abs().max().ToDouble() < 1e-6, "clipping must only rescale the gradient");
        }
    }

    [Fact]
    public void A_gradient_under_the_clip_norm_is_left_alone_and_zero_turns_clipping_off()
    {
        var free = Update(PlainSgd);
        var generous = Update(PlainSgd with { GradClipNorm = 1000 });
        Assert.All(free.Zip(generous), p => Assert.True(TestSupport.TensorAssert.Same(p.First, p.Second)));
        Assert.Equal(0, new RunConfig().GradClipNorm);
    }

    /// <summary>The change of every weight after one step of a fixed batch on a freshly seeded tiny net.</summary>
    private static List<Tensor> Update(RunConfig config)
    {
        manual_seed(3);
        using var model = nn.Sequential(
            ("conv", nn.Conv2d(3, 4, 3)),
            ("flat", nn.Flatten()),
            ("head", nn.Linear(4 * 4 * 4, 10)));
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        using var generator = new Generator(5);
        var x = randn([8, 3, 6, 6], generator: generator).mul(30);
        var y = randint(10, [8], ScalarType.Int64, generator: generator);
        using var step = new TrainStep(config, model, CPU, batchSize: 8);
        step.SetLrMultiplier(1, 0);
        step.Step(step.PrepareInput(x), y);
        return model.parameters().Zip(before).Select(p => p.First.detach().sub(p.Second)).ToList();
    }

    private static double GlobalNorm(IEnumerable<Tensor> tensors) =>
        Math.Sqrt(tensors.Sum(t => t.square().sum().ToDouble()));
}

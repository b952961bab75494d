using CifarLab.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Models;

[Collection(ModelTestData.Collection)]
public sealed class AirbenchTests
{
    [Theory]
    [InlineData("airbench94", 0.4, 6)]
    [InlineData("airbench94-muon", 0.4, 6)]
    [InlineData("airbench96", 0.1, 9)]
    public void Batch_norms_have_frozen_unit_scale_trained_shift_and_the_recipe_momentum(
        string name, double momentum, int expectedNorms)
    {
        using var model = ModelCatalog.Get(name).Create(new ModelOptions());
        var norms = model.modules().OfType<BatchNorm2d>().ToList();
        Assert.Equal(expectedNorms, norms.Count);
        Assert.All(norms, bn =>
        {
            Assert.False(bn.weight.requires_grad);
            Assert.True(bn.weight.eq(1).all().ToBoolean());
            Assert.True(bn.bias!.requires_grad);
            Assert.Equal(1e-12, bn.eps);
            Assert.Equal(momentum, bn.momentum);
        });
    }

    [Theory]
    [InlineData("airbench94")]
    [InlineData("airbench96")]
    public void Three_by_three_convs_start_as_identity_on_their_first_input_channels(string name)
    {
        using var model = ModelCatalog.Get(name).Create(new ModelOptions());
        var convs = model.modules().OfType<Conv2d>().Where(c => c.weight!.shape[2] == 3).ToList();
        Assert.Equal(name == "airbench94" ? 6 : 9, convs.Count);
        foreach (var conv in convs)
        {
            var w = conv.weight!;
            var identityFilters = Math.Min(w.shape[0], w.shape[1]);
            for (long i = 0; i < identityFilters; i++)
            {
                // Filter i is 1 at (input i, centre) and 0 elsewhere.
                Assert.Equal(1f, w[i, i, 1, 1].ToSingle());
                Assert.Equal(1f, w[i].abs().sum().ToSingle());
            }
            if (w.shape[0] > identityFilters)
            {
                // The remaining filters keep PyTorch's random default init.
                Assert.True(w.narrow(0, identityFilters, w.shape[0] - identityFilters).abs().sum().ToSingle() > 0);
            }
        }
    }

    [Fact]
    public void Stem_bias_trains_for_three_epochs_then_freezes_and_drops_its_gradient()
    {
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get("airbench94").Create(new ModelOptions { Width = 0.25 });
        var net = (AirbenchNet)model;
        var bias = net.Stem.Conv.bias!;
        model.call(ModelTestData.Images(2)).sum().backward();
        Assert.NotNull(bias.grad);

        for (var epoch = 0; epoch < 3; epoch++)
        {
            net.OnEpochStart(epoch);
            Assert.True(bias.requires_grad, $"stem bias frozen too early (epoch {epoch})");
        }
        net.OnEpochStart(3);
        Assert.False(bias.requires_grad);
        Assert.Null(bias.grad);
        Assert.DoesNotContain(ParameterGroups.Split(model).Other, p => ReferenceEquals(p, bias));
    }

    [Fact]
    public void Muon_variant_head_starts_at_unit_std_and_divides_the_logits_by_its_width()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var muon = ModelCatalog.Get("airbench94-muon").Create(new ModelOptions { Width = 0.5 });
        var head = muon.modules().OfType<Linear>().Single();
        Assert.Equal(1.0, head.weight!.std().ToDouble(), 5);

        // The logits are the linear layer's output / 128 (the flattened width at width 0.5): feed the head directly.
        var features = randn(3, 128);
        var expected = features.matmul(head.weight.t()) / 128;
        var classifier = muon.named_children().Single(c => c.name == "head").module as TorchSharp.torch.nn.Module<Tensor, Tensor>;
        Assert.True(classifier!.call(features).allclose(expected, rtol: 1e-5, atol: 1e-6));

        var plain = (AirbenchNet)ModelCatalog.Get("airbench94").Create(new ModelOptions { Width = 0.5 });
        Assert.Empty(((IOwnLrSchedule)plain).OwnScheduleParameters);
        var net = (AirbenchNet)muon;
        Assert.Same(net.Stem.Conv.bias, Assert.Single(net.OwnScheduleParameters));
        Assert.Equal(1.0, net.OwnLrMultiplier(0, 25));
        Assert.Equal(1 - 30 / 75.0, net.OwnLrMultiplier(30, 25), 12);
        Assert.Equal(0, net.OwnLrMultiplier(75, 25));
        plain.Dispose();
    }
}

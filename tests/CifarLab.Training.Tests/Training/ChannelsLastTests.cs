using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Training;

[Collection(Tests.Models.ModelTestData.Collection)]
public sealed class ChannelsLastTests
{
    [Fact]
    public void Conversion_keeps_shape_and_values_and_sets_channels_last_strides()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 4, 5);
        var cl = ChannelsLast.Convert(x);
        Assert.Equal(x.shape, cl.shape);
        Assert.True(x.equal(cl).all().ToBoolean());
        Assert.Equal([60L, 1L, 15L, 3L], cl.stride());
        Assert.True(ChannelsLast.IsChannelsLast(cl));
        Assert.False(ChannelsLast.IsChannelsLast(x));
    }

    [Fact]
    public void A_channels_last_input_runs_airbench_channels_last_with_the_same_logits_and_contiguous_gradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = ModelCatalog.Get("airbench94-muon").Create(new ModelOptions { Width = 0.25 });
        var x = Tests.Models.ModelTestData.Images(4);
        var expected = model.call(x);
        var cl = ChannelsLast.Convert(x);
        Assert.True(ChannelsLast.IsChannelsLast(cl.flip(3)), "flips keep the layout (TTA)");
        var actual = model.call(cl);
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-5), "channels-last changed the logits");
        actual.sum().backward();
        // Gradients follow their parameters' (contiguous) layout, so optimizer state and checkpoints stay contiguous.
        Assert.All(model.parameters().Where(p => p.requires_grad), p => Assert.True(p.grad!.is_contiguous()));
    }
}

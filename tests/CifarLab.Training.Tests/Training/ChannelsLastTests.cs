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
    public void A_channels_last_airbench_computes_what_the_contiguous_one_does_and_keeps_its_parameters()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var a = ModelCatalog.Get("airbench94-muon").Create(new ModelOptions { Width = 0.25 });
        manual_seed(5);
        using var b = ModelCatalog.Get("airbench94-muon").Create(new ModelOptions { Width = 0.25 });
        var before = b.parameters().ToList();
        ChannelsLast.Apply(b);
        Assert.Equal(before, b.parameters().ToList()); // same Parameter objects: optimizers keep working
        Assert.All(b.parameters().Where(p => p.dim() == 4), p => Assert.True(ChannelsLast.IsChannelsLast(p)));

        var x = Tests.Models.ModelTestData.Images(4);
        var expected = a.call(x);
        var actual = b.call(ChannelsLast.Convert(x));
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-5), "channels-last changed the logits");
        actual.sum().backward();
        Assert.All(b.parameters().Where(p => p.requires_grad), p => Assert.NotNull(p.grad));
    }
}

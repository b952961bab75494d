using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Models;

[Collection(ModelTestData.Collection)]
public sealed class NormLayersTests
{
    [Theory]
    [InlineData(64, 32)]
    [InlineData(512, 32)]
    [InlineData(16, 8)]   // at most C/2 groups: two channels per group
    [InlineData(6, 3)]
    [InlineData(24, 12)]
    [InlineData(7, 1)]    // prime: falls back to one group (layer norm)
    [InlineData(1, 1)]
    public void Group_count_is_the_largest_divisor_up_to_32_with_two_channels_per_group(long channels, long groups)
    {
        Assert.Equal(groups, Layers.GroupCount(channels));
    }

    [Theory]
    [InlineData(NormKind.Layer, 1)]
    [InlineData(NormKind.Group, 32)]
    public void Group_norms_start_as_plain_normalization(NormKind kind, long expectedGroups)
    {
        using var norm = Layers.Norm2d(kind, 64);
        var groupNorm = Assert.IsType<GroupNorm>(norm);
        Assert.Equal(expectedGroups, groupNorm.num_groups);
        Assert.True(groupNorm.weight.eq(1).all().ToBoolean(), "GroupNorm weight not initialised to 1");
        Assert.True(groupNorm.bias!.eq(0).all().ToBoolean(), "GroupNorm bias not initialised to 0");
    }

    [Fact]
    public void Layer_norm_normalizes_each_image_over_channels_and_pixels()
    {
        using var scope = NewDisposeScope();
        using var norm = Layers.Norm2d(NormKind.Layer, 8);
        var y = norm.call(randn(2, 8, 5, 5) * 3 + 1);
        Assert.True(y.mean([1, 2, 3]).abs().max().ToSingle() < 1e-4);
        Assert.True((y.var([1, 2, 3], unbiased: false) - 1).abs().max().ToSingle() < 1e-3);
    }

    [Fact]
    public void No_norm_is_an_identity_and_brings_back_conv_biases()
    {
        using var norm = Layers.Norm2d(NormKind.None, 8);
        Assert.IsType<Identity>(norm);
        Assert.True(Layers.ConvBias(NormKind.None));
        Assert.False(Layers.ConvBias(NormKind.Batch));
    }
}

using CifarLab.Training.Models;
using CifarLab.Training.Tests.TestSupport;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Models;

/// <summary>The models by depth: CIFAR ResNets of 6n + 2 layers with option-A shortcuts, VGG by configuration.</summary>
[Collection(ModelTestData.Collection)]
public sealed class DepthTests
{
    private static int Count<T>(nn.Module model) => model.modules().Count(m => m is T);

    [Theory]
    [InlineData(20)]
    [InlineData(32)]
    [InlineData(44)]
    [InlineData(56)]
    [InlineData(110)]
    public void A_cifar_resnet_has_depth_weight_layers_and_no_shortcut_convs(int depth)
    {
        using var model = ModelCatalog.Get($"resnet{depth}").Create(new ModelOptions());
        // 6n + 1 convs and one linear layer: every conv is on a residual branch or the stem (option A).
        Assert.Equal(depth - 1, Count<Conv2d>(model));
        Assert.Equal(1, Count<Linear>(model));
        Assert.Equal(2, Count<ZeroPadShortcut>(model));
    }

    [Theory]
    [InlineData("vgg", 11)]
    [InlineData("vgg13", 13)]
    [InlineData("vgg16", 16)]
    [InlineData("vgg19", 19)]
    public void A_vgg_has_its_configurations_convs_and_one_linear_layer(string name, int depth)
    {
        using var model = ModelCatalog.Get(name).Create(new ModelOptions { Width = 0.25 });
        // The ImageNet net's three FC layers are one linear layer on CIFAR's 1x1 map.
        Assert.Equal(depth - 3, Count<Conv2d>(model));
        Assert.Equal(5, Count<MaxPool2d>(model));
        Assert.Equal(1, Count<Linear>(model));
        Assert.Equal($"VGG-{depth}", ModelCatalog.Get(name).DisplayName);
    }

    [Fact]
    public void The_zero_padded_shortcut_subsamples_and_puts_the_input_between_zero_channels()
    {
        using var scope = NewDisposeScope();
        using var shortcut = new ZeroPadShortcut(16, 32, 2);
        var x = ModelTestData.Images(2).repeat(1, 6, 1, 1)[.., 0..16];
        var y = shortcut.call(x);
        Assert.Equal([2L, 32L, 16L, 16L], y.shape);
        Assert.Empty(shortcut.parameters());
        var subsampled = x[.., .., TensorIndex.Slice(0, null, 2), TensorIndex.Slice(0, null, 2)];
        Assert.True(TensorAssert.Same(y[.., 8..24], subsampled));
        Assert.Equal(0, y[.., 0..8].abs().sum().item<float>());
        Assert.Equal(0, y[.., 24..32].abs().sum().item<float>());
    }

    [Fact]
    public void Depths_that_are_not_6n_plus_2_and_missing_vgg_configurations_are_named()
    {
        var resnet = Assert.Throws<ArgumentOutOfRangeException>(() => CifarResNetPlan.BlocksPerStage(21));
        Assert.Contains("6n + 2", resnet.Message, StringComparison.Ordinal);
        var vgg = Assert.Throws<ArgumentOutOfRangeException>(() => VggPlans.Plan(12));
        Assert.Contains("allowed: 11, 13, 16, 19", vgg.Message, StringComparison.Ordinal);
        Assert.Equal(CifarResNetPlan.Depths.Select(d => $"resnet{d}"),
            ModelCatalog.All.Select(m => m.Name).Where(n => CifarResNetPlan.Depths.Any(d => n == $"resnet{d}")));
    }
}

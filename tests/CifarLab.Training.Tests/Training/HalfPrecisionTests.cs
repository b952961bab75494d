using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Training;

public sealed class HalfPrecisionTests
{
    [Theory]
    [InlineData(LossReduction.Mean, 512, 512)]
    [InlineData(LossReduction.Mean, 1000, 512)]
    [InlineData(LossReduction.Mean, 128, 128)]
    [InlineData(LossReduction.Mean, 3, 2)]
    [InlineData(LossReduction.Mean, 1, 1)]
    [InlineData(LossReduction.Sum, 512, 1)]
    public void Float16_mean_loss_is_scaled_by_the_largest_power_of_two_within_the_batch(LossReduction loss, int batch, double expected)
    {
        Assert.Equal(expected, HalfPrecision.LossScale(ScalarType.Float16, loss, batch));
    }

    [Fact]
    public void Float32_and_bfloat16_are_never_scaled()
    {
        Assert.Equal(1, HalfPrecision.LossScale(null, LossReduction.Mean, 512));
        Assert.Equal(1, HalfPrecision.LossScale(ScalarType.BFloat16, LossReduction.Mean, 512));
    }

    [Fact]
    public void Scaled_backward_leaves_the_unscaled_gradients()
    {
        using var layer = nn.Linear(4, 3);
        var x = randn(8, 4);
        var y = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        var parameters = layer.parameters().ToArray();

        HalfPrecision.Backward(nn.functional.cross_entropy(layer.call(x), y), 1, parameters);
        var plain = parameters.Select(p => p.grad!.clone()).ToArray();

        layer.zero_grad();
        HalfPrecision.Backward(nn.functional.cross_entropy(layer.call(x), y), 8, parameters);
        for (var i = 0; i < plain.Length; i++)
        {
            Assert.True(parameters[i].grad!.allclose(plain[i], rtol: 1e-6, atol: 1e-7), $"parameter {i}");
            Assert.False(parameters[i].grad!.allclose(plain[i] * 8), $"parameter {i} kept the scale");
        }
    }

    [Fact]
    public void Float16_on_the_cpu_stays_float32_and_says_why()
    {
        using var layer = nn.Linear(4, 3);
        string? said = null;
        Assert.Null(HalfPrecision.Apply(layer, PrecisionKind.Float16, CPU, n => said = n));
        Assert.Equal(ScalarType.Float32, layer.weight!.dtype);
        Assert.Contains("CUDA only", said, StringComparison.Ordinal);
    }

    [Fact]
    public void Bfloat16_on_a_cpu_without_native_support_stays_float32_and_says_why()
    {
        using var layer = nn.Linear(4, 3);
        string? said = null;
        Assert.Null(HalfPrecision.Apply(layer, PrecisionKind.BFloat16, CPU, cpuHasBFloat16: false, n => said = n));
        Assert.Equal(ScalarType.Float32, layer.weight!.dtype);
        Assert.Contains("AVX512-BF16", said, StringComparison.Ordinal);
    }

    [Fact]
    public void Bfloat16_on_a_cpu_with_native_support_converts_all_but_the_norm_layers()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Flatten(), nn.Linear(4 * 6 * 6, 2));
        string? said = null;
        Assert.Equal(ScalarType.BFloat16, HalfPrecision.Apply(model, PrecisionKind.BFloat16, CPU, cpuHasBFloat16: true, n => said = n));
        Assert.Contains("bfloat16 on the CPU", said, StringComparison.Ordinal);
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.Equal(name.StartsWith("1.", StringComparison.Ordinal) ? ScalarType.Float32 : ScalarType.BFloat16, p.dtype);
        }
        // The mixed model trains: bfloat16 activations through a float32 batch norm, gradients for every parameter.
        var x = randn(2, 3, 8, 8).to_type(ScalarType.BFloat16);
        model.call(x).to_type(ScalarType.Float32).sum().backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
    }
}

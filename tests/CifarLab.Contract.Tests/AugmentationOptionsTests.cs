namespace CifarLab.Contract.Tests;

/// <summary>Rotation, zoom and colour jitter: off by default, ranged, the scale range never reversed.</summary>
public sealed class AugmentationOptionsTests
{
    [Fact]
    public void Defaults_are_off_and_valid()
    {
        var c = new RunConfig();
        Assert.Equal((0.0, 1.0, 1.0, 0.0, 0.0, 0.0), (c.Rotation, c.ScaleMin, c.ScaleMax, c.Brightness, c.Contrast, c.Saturation));
        Assert.Empty(RunConfigValidator.Validate(c));
    }

    [Fact]
    public void A_reversed_scale_range_is_named_with_both_ends()
    {
        var errors = RunConfigValidator.Validate(new RunConfig { ScaleMin = 1.2, ScaleMax = 0.9 });
        var error = Assert.Single(errors);
        Assert.Equal(nameof(RunConfig.ScaleMax), error.Field);
        Assert.Contains("ScaleMax (0.9) is below ScaleMin (1.2)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rotation", "181")]
    [InlineData("--scale-min", "0.4")]
    [InlineData("--scale-max", "2.5")]
    [InlineData("--brightness", "1.5")]
    [InlineData("--contrast", "-0.1")]
    public void Out_of_range_values_are_rejected_by_the_schema(string flag, string text)
    {
        var option = RunOptions.All.Single(o => o.Flag == flag);
        Assert.True(option.TryApply(new RunConfig(), text, out var config, out _));
        Assert.NotNull(option.Check(config));
        Assert.Equal(OptionGroup.Augmentation, option.Group);
    }
}

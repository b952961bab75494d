namespace CifarLab.Contract.Tests;

/// <summary>The validation split and early stopping: off by default (and in every preset), the split must leave training
/// images, early stopping needs a split.</summary>
public sealed class ValidationSplitOptionsTests
{
    [Fact]
    public void Defaults_and_presets_are_off()
    {
        Assert.Equal((0, 0), (new RunConfig().ValidationImages, new RunConfig().EarlyStopPatience));
        Assert.All(Presets.All, p => Assert.Equal((0, 0), (p.Config.ValidationImages, p.Config.EarlyStopPatience)));
    }

    [Fact]
    public void The_schema_entry_has_its_flag_range_and_recommendation()
    {
        var option = RunOptions.All.Single(o => o.Flag == "--validation-images");
        Assert.Contains("5000", option.Help, StringComparison.Ordinal);
        Assert.True(option.TryApply(new RunConfig(), "25001", out var tooMany, out _));
        Assert.NotNull(option.Check(tooMany));
        Assert.Empty(RunConfigValidator.Validate(new RunConfig { ValidationImages = 5000 }));
    }

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(1000, 1500)]
    public void The_split_must_leave_training_images_within_the_train_limit(int trainLimit, int validation)
    {
        var error = Assert.Single(RunConfigValidator.Validate(new RunConfig { TrainLimit = trainLimit, ValidationImages = validation }));
        Assert.Equal(nameof(RunConfig.ValidationImages), error.Field);
        Assert.Contains("below 1000", error.Message, StringComparison.Ordinal);
        Assert.Empty(RunConfigValidator.Validate(new RunConfig { TrainLimit = trainLimit, ValidationImages = 999 }));
    }

    [Fact]
    public void Early_stopping_without_a_split_is_refused_in_words()
    {
        var error = Assert.Single(RunConfigValidator.Validate(new RunConfig { EarlyStopPatience = 3 }));
        Assert.Equal(nameof(RunConfig.EarlyStopPatience), error.Field);
        Assert.Contains("set ValidationImages", error.Message, StringComparison.Ordinal);
        Assert.Empty(RunConfigValidator.Validate(new RunConfig { EarlyStopPatience = 3, ValidationImages = 5000 }));
    }
}

using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Training;

public class RunConfigValidatorTests
{
    [Fact]
    public void Defaults_and_every_preset_are_valid()
    {
        Assert.Empty(RunConfigValidator.Validate(new RunConfig()));
        Assert.All(Presets.All, p => Assert.Empty(RunConfigValidator.Validate(p.Config)));
    }

    [Theory]
    [InlineData(nameof(RunConfig.LearningRate), "greater than 0")]
    [InlineData(nameof(RunConfig.BatchSize), "at least 1 and at most 4096")]
    [InlineData(nameof(RunConfig.Epochs), "at least 1 and at most 1000")]
    [InlineData(nameof(RunConfig.Dropout), "at most 0.9")]
    [InlineData(nameof(RunConfig.Model), "Allowed: tutorial-cnn")]
    [InlineData(nameof(RunConfig.Device), "Allowed: auto, cpu, cuda, cuda:N")]
    [InlineData(nameof(RunConfig.Width), "at least 0.25")]
    [InlineData(nameof(RunConfig.MuonLearningRate), "greater than 0")]
    [InlineData(nameof(RunConfig.MuonMomentum), "Nesterov momentum needs MuonMomentum > 0")]
    public void Each_bad_field_is_named_with_what_is_allowed(string field, string expected)
    {
        var bad = field switch
        {
            nameof(RunConfig.LearningRate) => new RunConfig { LearningRate = 0 },
            nameof(RunConfig.BatchSize) => new RunConfig { BatchSize = 5000 },
            nameof(RunConfig.Epochs) => new RunConfig { Epochs = 0 },
            nameof(RunConfig.Dropout) => new RunConfig { Dropout = 1.5 },
            nameof(RunConfig.Model) => new RunConfig { Model = "gpt-5" },
            nameof(RunConfig.Device) => new RunConfig { Device = "tpu" },
            nameof(RunConfig.Width) => new RunConfig { Width = 0.1 },
            nameof(RunConfig.MuonLearningRate) => new RunConfig { Optimizer = OptimizerKind.Muon, MuonLearningRate = 0 },
            nameof(RunConfig.MuonMomentum) => new RunConfig { Optimizer = OptimizerKind.Muon, MuonMomentum = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        var error = Assert.Single(RunConfigValidator.Validate(bad));
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Norm_the_model_lacks_and_conflicting_averaging_are_rejected()
    {
        var errors = RunConfigValidator.Validate(new RunConfig { Model = "airbench94", Norm = NormKind.Layer, EmaDecay = 0.99, LookaheadEvery = 5 });
        Assert.Contains(errors, e => e.Field == nameof(RunConfig.Norm) && e.Message.Contains("Allowed: Batch", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == nameof(RunConfig.LookaheadEvery));
    }

    [Fact]
    public void Undefined_enum_values_from_json_are_rejected()
    {
        var errors = RunConfigValidator.Validate(new RunConfig { Optimizer = (OptimizerKind)42 });
        Assert.Contains(errors, e => e.Field == nameof(RunConfig.Optimizer) && e.Message.Contains("sgd, adamW, muon", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_round_trip_preserves_every_field()
    {
        var c = Presets.Get("airbench94").Config with { Seed = 9, TrainLimit = 123 };
        var json = c.ToJson();
        Assert.Contains("\"flip\": \"alternating\"", json, StringComparison.Ordinal);
        Assert.Equal(c, RunConfig.FromJson(json));
    }

    [Fact]
    public void Unknown_preset_lists_the_allowed_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => Presets.Get("nope"));
        Assert.Contains("airbench94", ex.Message, StringComparison.Ordinal);
    }
}

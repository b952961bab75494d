using System.Reflection;

namespace CifarLab.Contract.Tests;

/// <summary>The option schema is complete and is the one source of each option's rule.</summary>
public sealed class RunOptionsSchemaTests
{
    private static readonly string[] SchemaFree = [nameof(RunConfig.Preset)];

    [Fact]
    public void Every_run_config_property_has_exactly_one_option_and_no_option_is_stale()
    {
        var properties = typeof(RunConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && !SchemaFree.Contains(p.Name))
            .Select(p => p.Name)
            .Order()
            .ToList();
        Assert.Equal(properties, RunOptions.All.Select(o => o.Name).Order().ToList());
    }

    [Fact]
    public void Flags_labels_and_json_names_are_unique()
    {
        Assert.Equal(RunOptions.All.Count, RunOptions.All.Select(o => o.Flag).Distinct().Count());
        Assert.Equal(RunOptions.All.Count, RunOptions.All.Select(o => o.Label).Distinct().Count());
        Assert.All(RunOptions.All, o => Assert.StartsWith("--", o.Flag, StringComparison.Ordinal));
        Assert.All(RunOptions.All, o => Assert.Equal(char.ToLowerInvariant(o.Name[0]) + o.Name[1..], o.JsonName));
    }

    [Fact]
    public void Formatting_and_parsing_round_trip_every_option_of_every_preset()
    {
        foreach (var config in Presets.All.Select(p => p.Config).Prepend(new RunConfig()))
        {
            var rebuilt = RunOptions.All.Aggregate(new RunConfig { Preset = config.Preset }, (c, o) =>
            {
                Assert.True(o.TryApply(c, o.Format(config), out var next, out var problem), $"{o.Name}: {problem}");
                return next;
            });
            Assert.Equal(config, rebuilt);
        }
    }

    [Theory]
    [InlineData("1e-3", 0.001)]
    [InlineData("5E-4", 0.0005)]
    [InlineData(".001", 0.001)]
    [InlineData(" 0.25 ", 0.25)]
    [InlineData("+2", 2.0)]
    public void Numbers_parse_in_any_notation_users_write(string text, double expected)
    {
        Assert.True(RunOptions.LearningRate.TryApply(new RunConfig(), text, out var c, out _));
        Assert.Equal(expected, c.LearningRate);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    public void A_non_number_is_refused_with_the_allowed_range(string text)
    {
        Assert.False(RunOptions.LearningRate.TryApply(new RunConfig(), text, out _, out var problem));
        Assert.Contains("not a number", problem, StringComparison.Ordinal);
        Assert.Contains("greater than 0, at most 100", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e3", 1000)]
    [InlineData("250", 250)]
    public void Integers_accept_whole_numbers_in_any_notation(string text, int expected)
    {
        Assert.True(RunOptions.Epochs.TryApply(new RunConfig(), text, out var c, out _));
        Assert.Equal(expected, c.Epochs);
    }

    [Fact]
    public void A_fraction_is_not_a_whole_number()
    {
        Assert.False(RunOptions.Epochs.TryApply(new RunConfig(), "2.5", out _, out var problem));
        Assert.Contains("not a whole number; allowed: 1 to 1000", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("one-cycle", ScheduleKind.OneCycle)]
    [InlineData("OneCycle", ScheduleKind.OneCycle)]
    [InlineData("oneCycle", ScheduleKind.OneCycle)]
    [InlineData("linear_decay", ScheduleKind.LinearDecay)]
    public void Choices_accept_any_spelling_of_their_name(string text, ScheduleKind expected)
    {
        Assert.True(RunOptions.Schedule.TryApply(new RunConfig(), text, out var c, out _));
        Assert.Equal(expected, c.Schedule);
    }

    [Fact]
    public void Choices_are_written_the_way_users_write_them()
    {
        Assert.Equal("constant, step, cosine, one-cycle, linear-decay, multi-step, exponential, warm-restarts", RunOptions.Schedule.Allowed);
        Assert.Equal("float32, float16, bfloat16", RunOptions.Precision.Allowed);
        Assert.Equal("sgd, adamw, muon", RunOptions.Optimizer.Allowed);
        Assert.Equal("Muon + SGD", RunOptions.Optimizer.LabelOf(OptimizerKind.Muon).Label);
        Assert.False(RunOptions.Schedule.TryApply(new RunConfig(), "warm", out _, out var problem));
        Assert.Contains("allowed: constant, step, cosine, one-cycle, linear-decay", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_range_is_enforced_by_the_validator_at_both_ends()
    {
        foreach (var option in RunOptions.All.OfType<NumberOption>())
        {
            var low = option.Set(new RunConfig(), option.MinExclusive ? option.Min : option.Min - 1e-9);
            var high = option.Set(new RunConfig(), option.Max + 1e-6);
            Assert.Contains(RunConfigValidator.Validate(low), e => e.Field == option.Name);
            Assert.Contains(RunConfigValidator.Validate(high), e => e.Field == option.Name);
            Assert.DoesNotContain(RunConfigValidator.Validate(option.Set(new RunConfig(), option.Max)), e => e.Field == option.Name);
        }
        foreach (var option in RunOptions.All.OfType<IntegerOption>().Where(o => o.Min > int.MinValue))
        {
            Assert.Contains(RunConfigValidator.Validate(option.Set(new RunConfig(), option.Min - 1)), e => e.Field == option.Name);
            Assert.Contains(RunConfigValidator.Validate(option.Set(new RunConfig(), option.Max + 1)), e => e.Field == option.Name);
        }
    }

    [Theory]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("CUDA")]
    [InlineData("tpu")]
    public void Device_must_be_spelled_exactly(string device)
    {
        var error = Assert.Single(RunConfigValidator.Validate(new RunConfig { Device = device }));
        Assert.Equal(nameof(RunConfig.Device), error.Field);
        Assert.Contains("Allowed: auto, cpu, cuda, cuda:N", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_do_not_apply_say_so()
    {
        Assert.False(RunOptions.Momentum.AppliesTo(new RunConfig { Optimizer = OptimizerKind.AdamW }));
        Assert.True(RunOptions.MuonLearningRate.AppliesTo(new RunConfig { Optimizer = OptimizerKind.Muon }));
        Assert.False(RunOptions.MuonLearningRate.AppliesTo(new RunConfig()));
        Assert.True(RunOptions.StepGamma.AppliesTo(new RunConfig { Schedule = ScheduleKind.Step }));
    }

    [Fact]
    public void The_contract_does_not_reference_torchsharp()
    {
        var references = typeof(RunConfig).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, n => n.Contains("Torch", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "TorchSharp");
    }
}

using System.Text.Json;
using CifarLab.Cli.Commands;

namespace CifarLab.Training.Tests.Cli;

/// <summary>The run options of `cifarlab train` come from the schema (<see cref="RunOptions.All"/>): help, parsing, errors.</summary>
public sealed class RunOptionCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Train_help_lists_every_schema_option_with_its_allowed_values_under_its_group_in_schema_order()
    {
        var (code, help, _) = Run("train", "--help");
        Assert.Equal(ExitCodes.Ok, code);
        var lines = help.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var previous = -1;
        foreach (var option in RunOptions.All)
        {
            var at = lines.FindIndex(l => l.TrimStart().StartsWith(option.Flag + " ", StringComparison.Ordinal));
            Assert.True(at >= 0, $"{option.Flag} is missing from train --help");
            Assert.Contains($"{option.Help} ({option.Allowed}) [default: ", lines[at], StringComparison.Ordinal);
            Assert.True(at > previous, $"{option.Flag} is out of schema order");
            var heading = lines.Take(at).Last(l => l.EndsWith(':') && !l.StartsWith(' '));
            Assert.Equal(RunOptions.GroupLabel(option.Group) + ":", heading);
            previous = at;
        }
    }

    [Fact]
    public void Help_shows_the_defaults_of_the_chosen_preset()
    {
        var preset = Presets.Get("resnet9").Config;
        var (_, help, _) = Run("train", "--preset", "resnet9", "--help");
        Assert.Contains($"[default: {RunOptions.Epochs.Format(preset)}]", Line(help, RunOptions.Epochs.Flag), StringComparison.Ordinal);
        Assert.Contains($"[default: {preset.Model}]", Line(help, RunOptions.Model.Flag), StringComparison.Ordinal);
        var (_, plain, _) = Run("train", "--help");
        Assert.Contains($"[default: {RunOptions.Epochs.DefaultText}]", Line(plain, RunOptions.Epochs.Flag), StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_in_scientific_notation_reach_the_config()
    {
        var (code, stdout, err) = Run("train", "--lr", "1e-3", "--weight-decay", "5E-4", "--dry-run");
        Assert.True(code == ExitCodes.Ok, err);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("0.001", doc.RootElement.GetProperty(RunOptions.LearningRate.JsonName).GetRawText());
        Assert.Equal(0.0005, doc.RootElement.GetProperty(RunOptions.WeightDecay.JsonName).GetDouble());
    }

    [Fact]
    public void A_flag_alone_turns_it_on_and_an_explicit_value_sets_it()
    {
        var (code, off, err) = Run("train", "--nesterov", "false", "--dry-run");
        Assert.True(code == ExitCodes.Ok, err);
        Assert.False(RunConfig.FromJson(off).Nesterov);

        var file = Path.Combine(Path.GetTempPath(), $"cifarlab-nesterov-off-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, off);
        try
        {
            (code, var on, err) = Run("train", "--config", file, "--nesterov", "--epochs", "3", "--dry-run");
            Assert.True(code == ExitCodes.Ok, err);
            Assert.Equal(RunConfig.FromJson(off) with { Nesterov = true, Epochs = 3 }, RunConfig.FromJson(on));
            (code, var again, err) = Run("train", "--config", file, "--nesterov=true", "--dry-run");
            Assert.True(code == ExitCodes.Ok, err);
            Assert.True(RunConfig.FromJson(again).Nesterov);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("one-cycle", ScheduleKind.OneCycle)]
    [InlineData("OneCycle", ScheduleKind.OneCycle)]
    [InlineData("linear-decay", ScheduleKind.LinearDecay)]
    [InlineData("cosine", ScheduleKind.Cosine)]
    public void Choices_accept_the_kebab_and_the_enum_spelling(string text, ScheduleKind expected)
    {
        var (code, stdout, err) = Run("train", "--schedule", text, "--dry-run");
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Equal(expected, RunConfig.FromJson(stdout).Schedule);
    }

    [Fact]
    public void Every_option_takes_its_own_default_text_back()
    {
        // Whatever --help shows as a default parses again: the parser and the help come from the same entry.
        foreach (var option in RunOptions.All)
        {
            var (code, stdout, err) = Run("train", option.Flag, option.DefaultText, "--dry-run");
            Assert.True(code == ExitCodes.Ok, $"{option.Flag} {option.DefaultText}: {err}");
            Assert.Equal(new RunConfig(), RunConfig.FromJson(stdout));
        }
    }

    [Fact]
    public void An_unknown_option_is_named_with_a_suggestion_and_a_usage_exit_code()
    {
        var (code, stdout, err) = Run("train", "--learning-rate", "0.1", "--dry-run");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", stdout);
        Assert.Contains("unknown option '--learning-rate'.", err, StringComparison.Ordinal);
        (code, _, err) = Run("train", "--optimiser", "sgd");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown option '--optimiser'. Did you mean --optimizer?", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_switch_takes_true_or_false_and_names_itself_otherwise()
    {
        var (code, stdout, err) = Run("presets", "--json=false");
        Assert.True(code == ExitCodes.Ok, err);
        Assert.DoesNotContain("[", stdout, StringComparison.Ordinal);
        (code, _, err) = Run("presets", "--json", "maybe");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--json: 'maybe' is not allowed; allowed: true or false", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_choice_names_the_option_and_every_allowed_value()
    {
        var (code, stdout, err) = Run("train", "--optimizer", "adam", "--dry-run");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", stdout);
        Assert.Contains($"--optimizer: 'adam' is not allowed; allowed: {RunOptions.Optimizer.Allowed}.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_of_the_whole_config_name_the_option_that_sets_the_field()
    {
        // Each option alone is in range; together they break a rule of the validator (EMA or lookahead, not both).
        var (code, _, err) = Run("train", "--ema", "0.999", "--lookahead", "5", "--dry-run");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"{RunOptions.LookaheadEvery.Flag}: choose either EMA", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_takes_its_run_options_from_the_schema_too()
    {
        var (code, _, err) = Run("eval", "--checkpoint", "/no/such/run", "--tta", "sideways");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"--tta: 'sideways' is not allowed; allowed: {RunOptions.Tta.Allowed}.", err, StringComparison.Ordinal);
        (code, _, err) = Run("eval", "--checkpoint", "/no/such/run", "--device", "tpu");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--device: unknown device 'tpu'", err, StringComparison.Ordinal);
    }

    private static string Line(string help, string flag) =>
        help.Split('\n').Single(l => l.TrimStart().StartsWith(flag + " ", StringComparison.Ordinal));
}

using System.Globalization;
using System.Text.Json;

namespace CifarLab.Contract;

/// <summary>Where an option sits in the form (and in `cifarlab train --help`), in this order.</summary>
public enum OptionGroup
{
    Model,
    Optimizer,
    Schedule,
    Augmentation,
    Run,
}

/// <summary>What kind of value an option takes; the form picks its input by it, the CLI its parser.</summary>
public enum OptionKind
{
    /// <summary>A real number, written in any notation users type (0.001, 1e-3, 5E-4).</summary>
    Number,
    Integer,
    /// <summary>One of a fixed list (an enum).</summary>
    Choice,
    /// <summary>true or false.</summary>
    Flag,
    /// <summary>Free text checked by its own rule (model name, device).</summary>
    Text,
}

/// <summary>
/// One field of <see cref="RunConfig"/> with everything every surface needs: its name (the property, which
/// validation errors name), label, CLI flag, group, kind, allowed values or range, default and help. The validator,
/// the CLI's options and --help, the web form, the model limits and the API description are all generated from
/// <see cref="RunOptions.All"/>; none of them types a range or a label again.
/// </summary>
public abstract class RunOption
{
    private protected RunOption(string name, string flag, string label, OptionGroup group, string help)
    {
        Name = name;
        Flag = flag;
        Label = label;
        Group = group;
        Help = help;
    }

    /// <summary>The <see cref="RunConfig"/> property name, e.g. "LearningRate"; what <see cref="ConfigError.Field"/> holds.</summary>
    public string Name { get; }

    /// <summary>The name in config.json and the REST API (camelCase).</summary>
    public string JsonName => JsonNamingPolicy.CamelCase.ConvertName(Name);

    /// <summary>The CLI option, e.g. "--lr".</summary>
    public string Flag { get; }

    /// <summary>The form's label, e.g. "Learning rate".</summary>
    public string Label { get; }

    public OptionGroup Group { get; }

    /// <summary>What the option does, in one phrase (no range: <see cref="Allowed"/> says that).</summary>
    public string Help { get; }

    public abstract OptionKind Kind { get; }

    /// <summary>The allowed values in words, e.g. "0 to 0.999" or "sgd, adamw, muon".</summary>
    public abstract string Allowed { get; }

    /// <summary>When the option matters for a config (the form shows it only then; it is always validated).</summary>
    public Func<RunConfig, bool> AppliesTo { get; init; } = static _ => true;

    /// <summary>The value in <paramref name="config"/>, as its text form (what an input shows and --help's default).</summary>
    public abstract string Format(RunConfig config);

    /// <summary>The default, from a new <see cref="RunConfig"/>.</summary>
    public string DefaultText => Format(new RunConfig());

    /// <summary>Sets the option from text as a user typed it; false with a message naming the allowed values when it does not parse.</summary>
    public abstract bool TryApply(RunConfig config, string text, out RunConfig result, out string? problem);

    /// <summary>The error of this option's own rule (range, choices, syntax), or null when the value is allowed.</summary>
    public abstract string? Check(RunConfig config);

    /// <summary>The value as the API carries it (number, bool, enum name, string).</summary>
    public abstract object? GetValue(RunConfig config);

    private protected static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace CifarLab.Contract;

/// <summary>A real-valued option with a closed range (the lower end open when <see cref="MinExclusive"/>).</summary>
public sealed class NumberOption(
    string name, string flag, string label, OptionGroup group, string help,
    double min, double max, Func<RunConfig, double> get, Func<RunConfig, double, RunConfig> set, bool minExclusive = false)
    : RunOption(name, flag, label, group, help)
{
    public double Min { get; } = min;
    public double Max { get; } = max;
    public bool MinExclusive { get; } = minExclusive;

    public override OptionKind Kind => OptionKind.Number;

    public override string Allowed => MinExclusive ? $"greater than {Fmt(Min)}, at most {Fmt(Max)}" : $"{Fmt(Min)} to {Fmt(Max)}";

    public double Get(RunConfig config) => get(config);

    public RunConfig Set(RunConfig config, double value) => set(config, value);

    public override object? GetValue(RunConfig config) => get(config);

    public override string Format(RunConfig config) => Fmt(get(config));

    public override bool TryApply(RunConfig config, string text, out RunConfig result, out string? problem)
    {
        result = config;
        if (!TryParseNumber(text, out var v))
        {
            problem = $"'{text?.Trim()}' is not a number; allowed: {Allowed} (e.g. 0.001 or 1e-3).";
            return false;
        }
        problem = null;
        result = set(config, v);
        return true;
    }

    public override string? Check(RunConfig config)
    {
        var v = get(config);
        var low = MinExclusive ? v <= Min : v < Min;
        return double.IsNaN(v) || low || v > Max
            ? $"must be {(MinExclusive ? "greater than" : "at least")} {Fmt(Min)} and at most {Fmt(Max)} (got {Fmt(v)})."
            : null;
    }

    /// <summary>Any notation people write numbers in: 0.001, .001, 1e-3, 1E-3, +5e-4; invariant culture; finite only.</summary>
    public static bool TryParseNumber(string? text, out double value) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}

/// <summary>A whole-number option with a closed range.</summary>
public sealed class IntegerOption(
    string name, string flag, string label, OptionGroup group, string help,
    int min, int max, Func<RunConfig, int> get, Func<RunConfig, int, RunConfig> set)
    : RunOption(name, flag, label, group, help)
{
    public int Min { get; } = min;
    public int Max { get; } = max;

    public override OptionKind Kind => OptionKind.Integer;

    public override string Allowed => Min == int.MinValue ? "any whole number" : $"{Min} to {Max}";

    public int Get(RunConfig config) => get(config);

    public RunConfig Set(RunConfig config, int value) => set(config, value);

    public override object? GetValue(RunConfig config) => get(config);

    public override string Format(RunConfig config) => get(config).ToString(CultureInfo.InvariantCulture);

    public override bool TryApply(RunConfig config, string text, out RunConfig result, out string? problem)
    {
        result = config;
        // 1e3 and 1000.0 are whole numbers too; 2.5 is not.
        if (!NumberOption.TryParseNumber(text, out var d) || d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
        {
            problem = $"'{text?.Trim()}' is not a whole number; allowed: {Allowed}.";
            return false;
        }
        problem = null;
        result = set(config, (int)d);
        return true;
    }

    public override string? Check(RunConfig config)
    {
        var v = get(config);
        return v < Min || v > Max ? $"must be at least {Min} and at most {Max} (got {v})." : null;
    }
}

/// <summary>A true/false option.</summary>
public sealed class FlagOption(
    string name, string flag, string label, OptionGroup group, string help,
    Func<RunConfig, bool> get, Func<RunConfig, bool, RunConfig> set)
    : RunOption(name, flag, label, group, help)
{
    public override OptionKind Kind => OptionKind.Flag;

    public override string Allowed => "true or false";

    public bool Get(RunConfig config) => get(config);

    public RunConfig Set(RunConfig config, bool value) => set(config, value);

    public override object? GetValue(RunConfig config) => get(config);

    public override string Format(RunConfig config) => get(config) ? "true" : "false";

    public override bool TryApply(RunConfig config, string text, out RunConfig result, out string? problem)
    {
        result = config;
        bool? v = text?.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => null,
        };
        if (v is not { } value)
        {
            problem = $"'{text?.Trim()}' is not allowed; allowed: true or false.";
            return false;
        }
        problem = null;
        result = set(config, value);
        return true;
    }

    public override string? Check(RunConfig config) => null;
}

/// <summary>Free text with its own rule: <paramref name="check"/> returns the error for a bad value, or null.</summary>
public sealed class TextOption(
    string name, string flag, string label, OptionGroup group, string help, string allowed,
    Func<RunConfig, string> get, Func<RunConfig, string, RunConfig> set, Func<string, string?> check)
    : RunOption(name, flag, label, group, help)
{
    public override OptionKind Kind => OptionKind.Text;

    public override string Allowed => allowed;

    public string Get(RunConfig config) => get(config);

    public override object? GetValue(RunConfig config) => get(config);

    public override string Format(RunConfig config) => get(config) ?? "";

    public override bool TryApply(RunConfig config, string text, out RunConfig result, out string? problem)
    {
        problem = null;
        result = set(config, (text ?? "").Trim());
        return true;
    }

    public override string? Check(RunConfig config) => check(get(config) ?? "");
}

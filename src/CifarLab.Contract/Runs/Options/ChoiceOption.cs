namespace CifarLab.Contract;

/// <summary>One of an enum's values. Users may write a value in any case, with or without dashes (one-cycle,
/// OneCycle, oneCycle); the CLI writes it in kebab case, the API in camelCase, the form by its label.</summary>
public abstract class ChoiceOption(string name, string flag, string label, OptionGroup group, string help)
    : RunOption(name, flag, label, group, help)
{
    public override OptionKind Kind => OptionKind.Choice;

    /// <summary>Every allowed value: its enum name (what the form posts), CLI spelling and display label.</summary>
    public abstract IReadOnlyList<Choice> Choices { get; }

    public override string Allowed => string.Join(", ", Choices.Select(c => c.CliName));

    /// <summary>The choice set in <paramref name="config"/>.</summary>
    public abstract Choice Current(RunConfig config);

    public override string Format(RunConfig config) => Current(config).Value;

    /// <summary>
    /// How a value is written on the command line: words split where a lowercase letter meets a capitalised word
    /// (OneCycle → one-cycle, FlipTranslate → flip-translate), while capitals that start or end a name stay joined
    /// to it (BFloat16 → bfloat16, AdamW → adamw), as users write those names.
    /// </summary>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((ch, i) =>
            char.IsUpper(ch) && i > 0 && char.IsLower(pascal[i - 1]) && i + 1 < pascal.Length && char.IsLower(pascal[i + 1])
                ? "-" + char.ToLowerInvariant(ch)
                : char.ToLowerInvariant(ch).ToString()));

    private protected static string Normalize(string text) =>
        text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
}

/// <param name="Value">The enum name, e.g. "OneCycle".</param>
/// <param name="CliName">e.g. "one-cycle".</param>
/// <param name="Label">What the form shows, e.g. "One-cycle".</param>
public sealed record Choice(string Value, string CliName, string Label);

public sealed class ChoiceOption<T>(
    string name, string flag, string label, OptionGroup group, string help,
    Func<RunConfig, T> get, Func<RunConfig, T, RunConfig> set, IReadOnlyDictionary<T, string>? labels = null)
    : ChoiceOption(name, flag, label, group, help) where T : struct, Enum
{
    private readonly Choice[] _choices = Enum.GetValues<T>()
        .Select(v => new Choice(v.ToString(), Kebab(v.ToString()), labels?.GetValueOrDefault(v) ?? v.ToString()))
        .ToArray();

    public override IReadOnlyList<Choice> Choices => _choices;

    public T Get(RunConfig config) => get(config);

    public RunConfig Set(RunConfig config, T value) => set(config, value);

    public override object? GetValue(RunConfig config) => get(config);

    public override Choice Current(RunConfig config) => LabelOf(get(config));

    /// <summary>The choice of one value (its label is what pages show for it).</summary>
    public Choice LabelOf(T value) =>
        _choices.FirstOrDefault(c => c.Value == value.ToString()) ?? new Choice(value.ToString(), value.ToString(), value.ToString());

    public override bool TryApply(RunConfig config, string text, out RunConfig result, out string? problem)
    {
        result = config;
        var wanted = Normalize(text ?? "");
        foreach (var v in Enum.GetValues<T>())
        {
            if (string.Equals(v.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                problem = null;
                result = set(config, v);
                return true;
            }
        }
        problem = $"'{text?.Trim()}' is not allowed; allowed: {Allowed}.";
        return false;
    }

    public override string? Check(RunConfig config)
    {
        var v = get(config);
        // Only a number sent for an enum gets here (JSON): name the values as JSON writes them.
        return Enum.IsDefined(v)
            ? null
            : $"'{v}' is not allowed. Allowed: {string.Join(", ", _choices.Select(c => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Value)))}.";
    }
}

using CifarLab.Web.Data;

namespace CifarLab.Web.Components.Forms;

/// <summary>
/// The New run form's model: every run option's text exactly as the user typed it, keyed by
/// <see cref="RunOption.Name"/>, plus the run's name, tags and notes. <see cref="RunOptions.All"/> turns a config into
/// these texts (<see cref="RunOption.Format"/>) and back (<see cref="RunOption.TryApply"/>), so the form holds no
/// per-option property and a new option needs no change here.
/// </summary>
public sealed class RunForm
{
    private readonly RunConfig _source;
    private readonly Dictionary<string, string> _text;

    private RunForm(RunConfig source)
    {
        _source = source;
        _text = RunOptions.All.ToDictionary(o => o.Name, o => o.Format(source));
    }

    public string? Name { get; set; }
    public string? Tags { get; set; }
    public string? Notes { get; set; }

    /// <summary>The preset the form started from (carried into the queued config), if any.</summary>
    public string? Preset => _source.Preset;

    public IReadOnlyList<string> TagList => TagText.Parse(Tags);

    public static RunForm From(RunConfig config, string? name = null, IEnumerable<string>? tags = null, string? notes = null) =>
        new(config) { Name = name, Tags = tags is null ? null : string.Join(", ", tags), Notes = notes };

    /// <summary>The option's text as typed (at first, the starting config's value).</summary>
    public string Text(RunOption option) => _text[option.Name];

    public void SetText(RunOption option, string? text) => _text[option.Name] = text ?? "";

    /// <summary>
    /// The config the texts describe. A text that does not parse leaves its option at the starting config's value
    /// and becomes one of <paramref name="problems"/> ("'abc' is not a number; allowed: ..."), named by the option.
    /// </summary>
    public RunConfig ToConfig(out IReadOnlyList<FieldError> problems)
    {
        var config = _source;
        var errors = new List<FieldError>();
        foreach (var option in RunOptions.All)
        {
            if (option.TryApply(config, _text[option.Name], out var next, out var problem))
            {
                config = next;
            }
            else
            {
                errors.Add(new FieldError(option.Name, problem ?? $"'{_text[option.Name]}' is not allowed; allowed: {option.Allowed}."));
            }
        }
        problems = errors;
        return config;
    }
}

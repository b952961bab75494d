using System.Globalization;

namespace CifarLab.Cli.Options;

/// <summary>
/// Minimal GNU-style reader: `--name value`, `--name=value`, and bare flags. Unknown options and
/// missing values are usage errors naming the option.
/// </summary>
public sealed class ArgReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public ArgReader(IReadOnlyList<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> valued)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(valued);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{a}': options start with --. Run with --help to list them.");
            }
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? a[..eq] : a;
            if (flags.Contains(name))
            {
                _values[name] = eq > 0 ? a[(eq + 1)..] : "true";
            }
            else if (valued.Contains(name))
            {
                if (eq > 0)
                {
                    _values[name] = a[(eq + 1)..];
                }
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    _values[name] = args[++i];
                }
                else
                {
                    throw new UsageException($"{name} needs a value.");
                }
            }
            else
            {
                var near = flags.Concat(valued).Where(o => o.Contains(name.TrimStart('-'), StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
                throw new UsageException($"unknown option '{name}'." + (near.Count > 0 ? $" Did you mean {string.Join(" or ", near)}?" : "") + " Run with --help to list the options.");
            }
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public bool Flag(string name) =>
        _values.TryGetValue(name, out var v) && v switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new UsageException($"{name} takes true or false (got '{v}')."),
        };

    public int? Int(string name, int min, int max)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            throw new UsageException($"{name}: '{v}' is not a whole number (allowed {min}..{max}).");
        }
        return i < min || i > max ? throw new UsageException($"{name}: {i} is out of range (allowed {min}..{max}).") : i;
    }

    public double? Double(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw new UsageException($"{name}: '{v}' is not a number.");
    }

    public TEnum? Enum<TEnum>(string name) where TEnum : struct, System.Enum
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        var normalized = v.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var value in System.Enum.GetValues<TEnum>())
        {
            if (string.Equals(value.ToString(), normalized, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        throw new UsageException($"{name}: '{v}' is not allowed. Allowed: {string.Join(", ", System.Enum.GetNames<TEnum>().Select(Kebab))}.");
    }

    /// <summary>
    /// How an enum value is written on the command line: words split where a lowercase letter meets a capitalised
    /// word (OneCycle → one-cycle, FlipTranslate → flip-translate), while capitals that start or end a name stay
    /// joined to it (BFloat16 → bfloat16, AdamW → adamw), as users write those names. Enum() accepts any spelling
    /// of the same letters, dashes and case aside.
    /// </summary>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((ch, i) =>
            char.IsUpper(ch) && i > 0 && char.IsLower(pascal[i - 1]) && i + 1 < pascal.Length && char.IsLower(pascal[i + 1])
                ? "-" + char.ToLowerInvariant(ch)
                : char.ToLowerInvariant(ch).ToString()));
}

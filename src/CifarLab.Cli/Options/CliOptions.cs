using System.CommandLine;
using System.CommandLine.Parsing;
using CifarLab.Training.Data;

namespace CifarLab.Cli.Options;

/// <summary>
/// The options commands share that are not run options (those come from <see cref="RunOptionArgs"/>): each one's
/// name and help once, and typed parsers whose errors name the option and what it allows.
/// </summary>
internal static class CliOptions
{
    public const string Preset = "--preset";
    public const string Config = "--config";
    public const string Data = "--data";
    public const string AllowUnofficial = DatasetOptions.AllowUnofficialFlag;
    public const string Threads = "--threads";
    public const string Json = "--json";

    public static Option<string> PresetOption() => Text(Preset, "NAME", "start from a preset (`cifarlab presets`)");

    public static Option<string> DataOption() =>
        Text(Data, "PATH|URL", "dataset source: archive, extracted folder or URL (default: the Dataset:Source setting)");

    public static Option<bool> AllowUnofficialOption() => Switch(AllowUnofficial,
        $"accept data that is not the official CIFAR-10 files; results are labelled \"{DatasetProvenance.UnofficialLabel}\" ({DatasetOptions.AllowUnofficialSetting})");

    public static Option<int?> ThreadsOption() => Int(Threads, 1, 1024, "CPU threads for libtorch (default: all cores)");

    public static Option<bool> JsonOption(string description) => Switch(Json, description);

    public static Option<string> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    /// <summary>true when given alone; `--name false` and `--name=false` say so explicitly.</summary>
    public static Option<bool> Switch(string name, string description) => new(name) { Description = description };

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>]; null when not given.</summary>
    public static Option<int?> Int(string name, int min, int max, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                result.AddError($"{name}: '{text}' is not a whole number (allowed {min}..{max}).");
                return null;
            }
            if (v < min || v > max)
            {
                result.AddError($"{name}: {v} is out of range (allowed {min}..{max}).");
                return null;
            }
            return v;
        },
    };

    /// <summary>A finite number in any notation (0.001, 1e-3); null when not given.</summary>
    public static Option<double?> Number(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "X",
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (NumberOption.TryParseNumber(text, out var v))
            {
                return v;
            }
            result.AddError($"{name}: '{text}' is not a number.");
            return null;
        },
    };

    /// <summary>Whether <paramref name="name"/> was given on the command line (not a default).</summary>
    public static bool Has(this ParseResult parse, string name) =>
        parse.CommandResult.Command.Options.Any(o => o.Name == name && parse.GetResult(o) is OptionResult { Implicit: false });
}

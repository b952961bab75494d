using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace CifarLab.Cli.Options;

/// <summary>
/// The run options of a command, generated from the schema (<see cref="RunOptions.All"/>): one System.CommandLine
/// option per <see cref="RunOption"/>, named by its <see cref="RunOption.Flag"/>, described by its Help and Allowed
/// text, its value parsed by <see cref="RunOption.TryApply"/> and checked by <see cref="RunOption.Check"/> (1e-3,
/// one-cycle/OneCycle, `--nesterov` alone or `--nesterov false`). Nothing here names an option or a range.
/// </summary>
internal static class RunOptionArgs
{
    private static readonly ConditionalWeakTable<Option, RunOption> Schema = [];

    /// <summary>Adds one option per schema entry (all of them, except <paramref name="except"/>) to <paramref name="command"/>.</summary>
    public static void AddAll(Command command, params RunOption[] except) => AddTo(command, RunOptions.All.Where(o => !except.Contains(o)));

    /// <summary>Adds the options of <paramref name="options"/> only (e.g. eval's --test-limit, --tta, --device).</summary>
    public static void AddTo(Command command, IEnumerable<RunOption> options)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in options)
        {
            command.Options.Add(Create(option));
        }
    }

    /// <summary>The System.CommandLine option of one schema entry.</summary>
    public static Option<string> Create(RunOption schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var option = new Option<string>(schema.Flag)
        {
            Description = $"{schema.Help} ({schema.Allowed})",
            HelpName = HelpName(schema),
            // A flag alone means true; `--nesterov false` and `--nesterov=false` turn it off.
            Arity = schema.Kind == OptionKind.Flag ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
            CustomParser = result => Parse(schema, result),
        };
        Schema.AddOrUpdate(option, schema);
        return option;
    }

    /// <summary>The schema entry an option was generated from, or null for a command's own options.</summary>
    public static RunOption? SchemaOf(Option option) => Schema.TryGetValue(option, out var schema) ? schema : null;

    /// <summary>Every run option given on the command line, applied on top of <paramref name="start"/> (not yet validated as a whole).</summary>
    public static RunConfig Apply(ParseResult parse, RunConfig start)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var config = start;
        foreach (var option in parse.CommandResult.Command.Options)
        {
            if (SchemaOf(option) is { } schema && parse.GetResult(option) is OptionResult { Implicit: false }
                && parse.GetValue((Option<string>)option) is { } text)
            {
                if (!schema.TryApply(config, text, out config, out var problem))
                {
                    throw new UsageException($"{schema.Flag}: {problem}");
                }
            }
        }
        return config;
    }

    /// <summary>Whether the run option <paramref name="schema"/> was given on the command line.</summary>
    public static bool Given(ParseResult parse, RunOption schema)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.CommandResult.Command.Options.Any(o => SchemaOf(o) == schema && parse.GetResult(o) is OptionResult { Implicit: false });
    }

    /// <summary>
    /// The whole config through <see cref="RunConfigValidator"/>; every error names the option that sets the field
    /// (<see cref="RunOptions.Find"/>), e.g. "--lr: must be greater than 0 ...".
    /// </summary>
    public static RunConfig Validate(RunConfig config)
    {
        var errors = RunConfigValidator.Validate(config);
        return errors.Count == 0
            ? config
            : throw new UsageException(string.Join(System.Environment.NewLine, errors.Select(e => $"{FlagOf(e.Field)}: {e.Message}")));
    }

    /// <summary>The CLI option of a RunConfig field (what validation errors name).</summary>
    public static string FlagOf(string field) => RunOptions.Find(field)?.Flag ?? field;

    private static string? Parse(RunOption schema, ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "true" : result.Tokens[0].Value;
        // The option's own rule (syntax, then range or choices) on a default config: whole-config rules come later.
        var problem = schema.TryApply(new RunConfig(), text, out var applied, out var syntax) ? schema.Check(applied) : syntax;
        if (problem is not null)
        {
            result.AddError($"{schema.Flag}: {problem}");
        }
        return text;
    }

    private static string HelpName(RunOption schema) => schema.Kind switch
    {
        OptionKind.Number => "X",
        OptionKind.Integer => "N",
        OptionKind.Flag => "true|false",
        OptionKind.Choice => "VALUE",
        _ => schema.Name.ToUpperInvariant(),
    };
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace CifarLab.Cli.Options;

/// <summary>
/// --help of a command that takes run options: its own options first, then the run options under their
/// <see cref="OptionGroup"/> headings in schema order, each with its allowed values and its default, taken from
/// --preset or --config when one is given (else from a new <see cref="RunConfig"/>). Other commands get
/// System.CommandLine's standard help.
/// </summary>
internal sealed class RunOptionHelp(CommandLineAction? standard) : SynchronousCommandLineAction
{
    private static readonly ConditionalWeakTable<Command, Func<ParseResult, RunConfig>> Defaults = [];

    /// <summary>Replaces the help action of <paramref name="root"/>'s --help (which every subcommand inherits).</summary>
    public static void Install(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Action = new RunOptionHelp(help.Action);
        }
    }

    /// <summary>Where <paramref name="command"/>'s help takes the defaults it shows from (e.g. train: --preset, --config).</summary>
    public static void ShowDefaultsFrom(Command command, Func<ParseResult, RunConfig> defaults) => Defaults.AddOrUpdate(command, defaults);

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var command = parseResult.CommandResult.Command;
        var output = parseResult.InvocationConfiguration.Output;
        if (!command.Options.Any(o => RunOptionArgs.SchemaOf(o) is not null))
        {
            return standard is SynchronousCommandLineAction sync ? sync.Invoke(parseResult) : 0;
        }
        RunConfig start;
        try
        {
            start = Defaults.TryGetValue(command, out var defaults) ? defaults(parseResult) : new RunConfig();
        }
        catch (UsageException)
        {
            start = new RunConfig();
        }
        output.WriteLine($"usage: {Path(command)} [options]");
        if (!string.IsNullOrEmpty(command.Description))
        {
            output.WriteLine();
            output.WriteLine(command.Description);
        }
        output.WriteLine();
        output.WriteLine("Options:");
        var inherited = Lineage(command).SelectMany(p => p.Options).Where(o => o.Recursive);
        Write(output, command.Options.Where(o => RunOptionArgs.SchemaOf(o) is null).Concat(inherited).Where(o => !o.Hidden).Distinct()
            .Select(o => (Label(o), o.Description ?? "")));
        foreach (var group in Enum.GetValues<OptionGroup>())
        {
            var rows = command.Options
                .Select(o => (Option: o, Schema: RunOptionArgs.SchemaOf(o)))
                .Where(x => x.Schema?.Group == group)
                .Select(x => (Label(x.Option), $"{x.Option.Description} [default: {Default(x.Schema!, start)}]"))
                .ToList();
            if (rows.Count > 0)
            {
                output.WriteLine();
                output.WriteLine($"{RunOptions.GroupLabel(group)}:");
                Write(output, rows);
            }
        }
        return 0;
    }

    private static IEnumerable<Command> Lineage(Command command) =>
        command.Parents.OfType<Command>().SelectMany(p => Lineage(p).Prepend(p));

    private static string Default(RunOption schema, RunConfig start) =>
        schema.Kind == OptionKind.Choice ? ((ChoiceOption)schema).Current(start).CliName : schema.Format(start);

    private static string Label(Option o)
    {
        var names = string.Join(", ", o.Aliases.Prepend(o.Name).Where(a => a.StartsWith('-')).Distinct().OrderBy(a => a.Length));
        return o.ValueType == typeof(bool) || o.Arity.MaximumNumberOfValues == 0 ? names
            : o.Arity.MinimumNumberOfValues == 0 ? $"{names} [{o.HelpName}]"
            : $"{names} <{o.HelpName ?? "VALUE"}>";
    }

    private static void Write(TextWriter output, IEnumerable<(string Label, string Description)> rows)
    {
        foreach (var (label, description) in rows)
        {
            output.WriteLine(label.Length < 30 ? $"  {label,-30}{description}" : $"  {label}{System.Environment.NewLine}  {"",-30}{description}");
        }
    }

    private static string Path(Command command) =>
        string.Join(" ", command.Parents.OfType<Command>().SelectMany(Ancestors).Reverse().Append(Name(command)));

    private static IEnumerable<string> Ancestors(Command command) =>
        command.Parents.OfType<Command>().SelectMany(Ancestors).Prepend(Name(command));

    // The root's own name is the host's file name (testhost under a test runner): the CLI is `cifarlab`.
    private static string Name(Command command) => command is RootCommand ? "cifarlab" : command.Name;
}

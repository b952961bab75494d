using System.CommandLine;
using System.CommandLine.Parsing;

namespace CifarLab.Cli.Options;

/// <summary>
/// Turns System.CommandLine's parse errors into the CLI's messages: an unknown option is named with the options it
/// may have meant, a missing value names its option, a bad value names the option and what it allows (those come
/// from the option parsers).
/// </summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                return UnknownOption(parse, token);
            }
            // A switch takes only true or false after it (`--json=yes` leaves "yes" unmatched): name the switch.
            var at = parse.Tokens.Select(t => t.Value).ToList().IndexOf(token);
            if (at > 0 && command.Options.FirstOrDefault(o => o.ValueType == typeof(bool) && o.Name == parse.Tokens[at - 1].Value) is { } flag)
            {
                return $"{flag.Name}: '{token}' is not allowed; allowed: true or false, or {flag.Name} alone for true.";
            }
            if (command.Subcommands.Count > 0)
            {
                var names = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
                return command is RootCommand
                    ? $"unknown command '{token}'. Commands: {names}."
                    : $"unknown {command.Name} mode '{token}'. Modes: {names}.";
            }
            return $"unexpected argument '{token}': options start with --. Run with --help to list them.";
        }
        return string.Join(System.Environment.NewLine, parse.Errors.Select(Describe).Distinct());
    }

    private static string Describe(ParseError error) => error.SymbolResult switch
    {
        OptionResult { Tokens.Count: 0 } o when o.Option.Arity.MinimumNumberOfValues > 0 => $"{o.Option.Name} needs a value.",
        ArgumentResult { Tokens.Count: 0, Parent: OptionResult o } when o.Option.Arity.MinimumNumberOfValues > 0 => $"{o.Option.Name} needs a value.",
        _ => error.Message,
    };

    private static string UnknownOption(ParseResult parse, string token)
    {
        var name = token.Split('=', ':')[0];
        var typed = name.TrimStart('-');
        var known = KnownOptions(parse.CommandResult.Command).Where(o => !o.Hidden).Select(o => o.Name).Distinct().ToList();
        var near = known
            .Where(o => typed.Length > 0 && (o.Contains(typed, StringComparison.OrdinalIgnoreCase) || Distance(o.TrimStart('-'), typed) <= 2))
            .Take(3)
            .ToList();
        return $"unknown option '{name}'." + (near.Count > 0 ? $" Did you mean {string.Join(" or ", near)}?" : "") +
               " Run with --help to list the options.";
    }

    /// <summary>The command's options and the recursive ones of its parents (--help).</summary>
    private static IEnumerable<Option> KnownOptions(Command command)
    {
        foreach (var o in command.Options)
        {
            yield return o;
        }
        foreach (var parent in command.Parents.OfType<Command>())
        {
            foreach (var o in KnownOptions(parent).Where(o => o.Recursive))
            {
                yield return o;
            }
        }
    }

    /// <summary>Levenshtein distance, for typos such as --batchsize or --optimiser.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.Length];
    }
}

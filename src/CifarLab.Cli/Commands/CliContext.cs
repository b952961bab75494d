namespace CifarLab.Cli.Commands;

/// <summary>The streams a command writes to; tests pass StringWriters.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Err, bool Interactive, CancellationToken Cancel)
{
    public static CliContext FromConsole(CancellationToken ct) =>
        new(Console.Out, Console.Error, !Console.IsErrorRedirected, ct);
}

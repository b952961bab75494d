namespace CifarLab.Cli.Options;

/// <summary>Bad command-line input; the message names the option and what is allowed. Exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException() { }
    public UsageException(string message) : base(message) { }
    public UsageException(string message, Exception inner) : base(message, inner) { }
}

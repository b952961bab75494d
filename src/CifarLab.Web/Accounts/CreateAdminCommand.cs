using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Accounts;

/// <summary>
/// <c>create-admin NAME</c> on the web host's command line (<c>scripts/run.sh create-admin NAME</c>, or the container's
/// <c>docker run ... cifarlab create-admin NAME</c>): creates the account as an admin, or makes an existing account an
/// enabled, unlocked admin with the given password, prints one line and exits 0; the server does not start. The
/// password is <c>CIFARLAB_ADMIN_PASSWORD</c> when set, else the first line of standard input. Any problem is one
/// line on stderr and exit code 2.
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";
    public const string Usage = Name + " NAME";

    /// <summary>True when the arguments ask for the command; <paramref name="hostArgs"/> are the others (settings such
    /// as <c>--Storage:DataDirectory=...</c>), for the host.</summary>
    public static bool TryParse(string[] args, out string? userName, out string[] hostArgs)
    {
        ArgumentNullException.ThrowIfNull(args);
        var at = Array.FindIndex(args, a => a is Name or "--" + Name);
        if (at < 0)
        {
            (userName, hostArgs) = (null, args);
            return false;
        }
        var hasName = at + 1 < args.Length && !args[at + 1].StartsWith('-');
        userName = hasName ? args[at + 1] : null;
        hostArgs = [.. args.Take(at), .. args.Skip(at + (hasName ? 2 : 1))];
        return true;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string? userName, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (string.IsNullOrWhiteSpace(userName))
        {
            return await FailAsync(error, $"say which account: {Usage}.");
        }
        var password = services.GetRequiredService<IConfiguration>()[AuthSettings.AdminPasswordKey];
        if (string.IsNullOrEmpty(password))
        {
            if (!Console.IsInputRedirected)
            {
                await error.WriteAsync($"Password for {userName.Trim()}: ");
            }
            password = await input.ReadLineAsync();
        }
        if (string.IsNullOrEmpty(password))
        {
            return await FailAsync(error, $"no password: set {AuthSettings.AdminPasswordKey} or write it on the first line of standard input.");
        }
        await AccountsStartup.MigrateAsync(services.GetRequiredService<IDbContextFactory<AccountsDbContext>>(), CancellationToken.None);
        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<UserAccounts>().MakeAdminAsync(userName, password);
        if (!outcome.Succeeded)
        {
            return await FailAsync(error, outcome.Message);
        }
        await output.WriteLineAsync(outcome.Message);
        return 0;
    }

    private static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"CifarLab {Name}: {message}");
        return 2;
    }
}

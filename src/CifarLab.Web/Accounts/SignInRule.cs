using System.Net;

namespace CifarLab.Web.Accounts;

/// <summary>
/// Whether a request must come from a signed-in account: on loopback addresses only (the single-user laptop) it need
/// not, bound to any other address it must, and <c>Auth:RequireSignIn</c> overrides both ways. A host that requires
/// sign-in refuses to start until an enabled admin exists.
/// </summary>
public static class SignInRule
{
    /// <summary>Kestrel's default when no address is configured.</summary>
    public const string DefaultUrl = "http://localhost:5000";

    public static bool IsRequired(bool? requireSignIn, IReadOnlyCollection<string> urls) =>
        requireSignIn ?? !urls.All(IsLoopback);

    /// <summary>True for localhost, 127.0.0.0/8, ::1 and Unix sockets; false for wildcards (*, +, 0.0.0.0, ::) and names.</summary>
    public static bool IsLoopback(string url)
    {
        var text = url.Trim();
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var host = BindingAddress.Parse(text).Host;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Null when the host may start; otherwise why not and how to fix it.</summary>
    public static string? StartupRefusal(bool required, bool? requireSignIn, IReadOnlyCollection<string> urls, bool adminExists)
    {
        if (!required || adminExists)
        {
            return null;
        }
        var why = requireSignIn == true
            ? $"{AuthSettings.RequireSignInKey} is true"
            : $"it listens on {string.Join(", ", urls)}, which is not only loopback";
        return $"CifarLab requires sign-in because {why}, and no enabled admin account exists. Create one with `{CreateAdminCommand.Usage}` "
            + $"(or the environment variables {AuthSettings.AdminUserKey} and {AuthSettings.AdminPasswordKey}), or run without accounts by setting {AuthSettings.RequireSignInKey}=false "
            + "(anyone who can reach the app can then launch, cancel and delete runs).";
    }
}

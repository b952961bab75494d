using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Accounts;

/// <summary>
/// When sign-in is not required (loopback, the single-user case) every request is the implicit local admin: it may do
/// everything, and the runs it launches have no owner.
/// </summary>
public sealed class LocalAdminHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string UserName = "local";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(LabPrincipal.Local(Scheme.Name), Scheme.Name)));
    }
}

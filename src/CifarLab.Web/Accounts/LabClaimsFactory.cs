using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Accounts;

/// <summary>The sign-in cookie's claims: Identity's own plus the account's role.</summary>
public sealed class LabClaimsFactory(UserManager<LabUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<LabUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(LabUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, user.Role.ToString()));
        return identity;
    }
}

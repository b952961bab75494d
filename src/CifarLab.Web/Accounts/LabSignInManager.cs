using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Accounts;

/// <summary>Identity's sign-in, refusing disabled accounts (also when their cookie is re-validated).</summary>
public sealed class LabSignInManager(
    UserManager<LabUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<LabUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<LabUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<LabUser> confirmation)
    : SignInManager<LabUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(LabUser user) => !user.Disabled && await base.CanSignInAsync(user);

    public override async Task<LabUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { Disabled: false } ? user : null;
    }
}

using System.Security.Claims;

namespace CifarLab.Web.Accounts;

/// <summary>What the request's user is: its claims, the same whether it came from a cookie, a token or the local rule.</summary>
public static class LabPrincipal
{
    public static ClaimsPrincipal For(LabUser user, string scheme) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(ClaimTypes.Name, user.UserName ?? user.Id),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
        ], scheme));

    /// <summary>The implicit local admin: every request when sign-in is not required.</summary>
    public static ClaimsPrincipal Local(string scheme) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, LocalAdminHandler.UserName),
            new Claim(ClaimTypes.Role, nameof(LabRole.Admin)),
            new Claim(LabSchemes.LocalClaim, "true"),
        ], scheme));

    public static bool IsLocal(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == LabSchemes.LocalClaim);

    public static bool Has(this ClaimsPrincipal user, LabRole role) =>
        user.Identity?.IsAuthenticated == true && LabRoles.AtLeast(role).Any(user.IsInRole);

    /// <summary>The owner recorded on the runs this user launches: the account's name; null for the implicit local admin.</summary>
    public static string? OwnerName(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && !user.IsLocal() ? user.Identity.Name : null;

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>Admins control every run; runners only the runs they launched.</summary>
    public static bool MayControl(this ClaimsPrincipal user, string? runOwner) =>
        user.Has(LabRole.Admin) || (user.Has(LabRole.Runner) && runOwner is not null && runOwner == user.OwnerName());
}

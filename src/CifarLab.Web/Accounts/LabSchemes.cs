using Microsoft.AspNetCore.Identity;

namespace CifarLab.Web.Accounts;

/// <summary>The authentication schemes: one selector forwards each request to the scheme that applies.</summary>
public static class LabSchemes
{
    /// <summary>The default scheme: local admin when sign-in is not required, else bearer token or cookie.</summary>
    public const string Selector = "CifarLab";
    public const string Local = "CifarLab.Local";
    public const string Token = "CifarLab.Token";
    public static string Cookie => IdentityConstants.ApplicationScheme;

    public const string LocalClaim = "cifarlab:local";

    internal static string Select(HttpContext http)
    {
        if (!http.RequestServices.GetRequiredService<SignInPolicy>().Required)
        {
            return Local;
        }
        return TokenAuthenticationHandler.ReadBearer(http.Request) is not null ? Token : Cookie;
    }
}

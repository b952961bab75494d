using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Accounts;

/// <summary>
/// The sign-in and sign-out form posts (Blazor Server cannot set a cookie from a live circuit, so the pages post
/// plain forms here, with their antiforgery token). Wrong names and passwords get one message that tells neither apart;
/// <see cref="AuthSettings.MaxFailedSignIns"/> wrong passwords in a row lock the account for
/// <see cref="AuthSettings.LockoutMinutes"/>, which the page says. Attempts per client address are rate limited
/// (Limits:SignInsPerWindow, in Security/ApiRateLimits).
/// </summary>
public static class AccountEndpoints
{
    public sealed class SignInForm
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string? ReturnUrl { get; set; }
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        account.MapPost("/signin", SignIn);
        account.MapPost("/signout", SignOut);
        return app;
    }

    private static async Task<IResult> SignIn([FromForm] SignInForm form, SignInManager<LabUser> signIn, IOptions<AuthSettings> auth)
    {
        var back = LocalPath(form.ReturnUrl);
        var result = string.IsNullOrWhiteSpace(form.UserName) || string.IsNullOrEmpty(form.Password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(form.UserName.Trim(), form.Password, isPersistent: true,
                lockoutOnFailure: auth.Value.MaxFailedSignIns > 0);
        var why = result.IsLockedOut ? "locked" : "failed";
        return result.Succeeded
            ? Results.LocalRedirect(back)
            : Results.LocalRedirect($"{AuthProblems.SignInPath}?{why}=true&returnUrl={Uri.EscapeDataString(back)}");
    }

    private static async Task<IResult> SignOut(SignInManager<LabUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.LocalRedirect(AuthProblems.SignInPath);
    }

    /// <summary>Only a path on this site; anything else (another host, //evil) becomes the home page.</summary>
    internal static string LocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}

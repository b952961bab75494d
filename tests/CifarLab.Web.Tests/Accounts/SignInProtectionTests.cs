using System.Net;
using CifarLab.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>Password guessing is slowed per client address (the rate limiter) and per account (Identity's lockout).</summary>
public sealed class SignInProtectionTests
{
    [Fact]
    public async Task Sign_in_attempts_over_the_limit_are_429_naming_the_setting_with_retry_after()
    {
        using var lab = new SignedInLab(new Dictionary<string, string>
        {
            ["Limits:SignInsPerWindow"] = "3",
            ["Limits:RateWindowSeconds"] = "3600",
        });
        await lab.UserAsync("rita", LabRole.Runner);
        var browser = BrowserSignIn.Browser(lab);

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await BrowserSignIn.SignInAsync(browser, "rita", "wrong password " + i);
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }
        using var refused = await BrowserSignIn.SignInAsync(browser, "rita", SignedInLab.Password);

        var detail = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests);
        Assert.StartsWith("Too many sign-in attempts: at most 3 per 3600 s from one client (Limits:SignInsPerWindow).", detail, StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
        // The page itself is not limited, and the tokens and API are not either.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/signin")).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_the_page_says_so_and_create_admin_unlocks_it()
    {
        using var lab = new SignedInLab(new Dictionary<string, string>
        {
            [AuthSettings.MaxFailedSignInsKey] = "2",
            [AuthSettings.LockoutMinutesKey] = "30",
        });
        var browser = BrowserSignIn.Browser(lab);

        using var first = await BrowserSignIn.SignInAsync(browser, SignedInLab.AdminName, "wrong one");
        Assert.StartsWith(AuthProblems.SignInPath + "?failed=true", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var second = await BrowserSignIn.SignInAsync(browser, SignedInLab.AdminName, "wrong two");
        Assert.StartsWith(AuthProblems.SignInPath + "?locked=true", second.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var right = await BrowserSignIn.SignInAsync(browser, SignedInLab.AdminName, SignedInLab.Password);
        Assert.StartsWith(AuthProblems.SignInPath + "?locked=true", right.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var page = await browser.GetStringAsync(right.Headers.Location);
        Assert.Contains("id=\"sign-in-locked\"", page, StringComparison.Ordinal);
        Assert.Contains("locked after 2 wrong passwords in a row", page, StringComparison.Ordinal);
        Assert.Contains("Try again in 30 minutes", page, StringComparison.Ordinal);
        Assert.Contains(AuthSettings.MaxFailedSignInsKey, page, StringComparison.Ordinal);

        await using (var scope = lab.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LabUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync(SignedInLab.AdminName))!));
            var outcome = await scope.ServiceProvider.GetRequiredService<UserAccounts>().MakeAdminAsync(SignedInLab.AdminName, "a brand new password");
            Assert.True(outcome.Succeeded, outcome.Message);
        }
        using var unlocked = await BrowserSignIn.SignInAsync(browser, SignedInLab.AdminName, "a brand new password");
        Assert.Equal("/runs", unlocked.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_users_page_shows_a_locked_account_and_unlocking_lets_it_sign_in()
    {
        using var lab = new SignedInLab(new Dictionary<string, string> { [AuthSettings.MaxFailedSignInsKey] = "1" });
        var rita = await lab.UserAsync("rita", LabRole.Runner);
        var browser = BrowserSignIn.Browser(lab);
        using var wrong = await BrowserSignIn.SignInAsync(browser, "rita", "wrong");
        Assert.StartsWith(AuthProblems.SignInPath + "?locked=true", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var admin = BrowserSignIn.Browser(lab);
        await BrowserSignIn.SignInAsync(admin, SignedInLab.AdminName, SignedInLab.Password);

        var users = await admin.GetStringAsync("/account/users");
        Assert.Contains("locked until", users, StringComparison.Ordinal);

        await using (var scope = lab.Factory.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<UserAccounts>().UnlockAsync(rita.Id);
            Assert.Equal((true, "rita is unlocked."), (outcome.Succeeded, outcome.Message));
        }
        Assert.DoesNotContain("locked until", await admin.GetStringAsync("/account/users"), StringComparison.Ordinal);
        using var right = await BrowserSignIn.SignInAsync(browser, "rita", SignedInLab.Password);
        Assert.Equal("/runs", right.Headers.Location!.OriginalString);
    }
}

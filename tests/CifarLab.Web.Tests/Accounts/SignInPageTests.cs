using System.Net;
using CifarLab.Web.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>The cookie sign-in: the static page's form, posted with its antiforgery token, as a browser does.</summary>
public sealed class SignInPageTests : IDisposable
{
    private readonly SignedInLab _lab = new();

    public void Dispose() => _lab.Dispose();

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password, string returnUrl = "/runs") =>
        BrowserSignIn.SignInAsync(browser, user, password, returnUrl);

    private HttpClient Browser() => BrowserSignIn.Browser(_lab);

    [Fact]
    public async Task Signing_in_sets_a_cookie_that_opens_the_pages_and_the_api()
    {
        await _lab.UserAsync("rita", LabRole.Runner);
        var browser = Browser();

        using var signedIn = await SignInAsync(browser, "rita", SignedInLab.Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/runs", signedIn.Headers.Location!.OriginalString);
        using var page = await browser.GetAsync("/runs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("rita", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        (await browser.GetAsync("/api/runs")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_wrong_password_or_a_disabled_account_goes_back_to_the_form_with_a_message()
    {
        var user = await _lab.UserAsync("rita", LabRole.Runner);
        var browser = Browser();

        using var wrong = await SignInAsync(browser, "rita", "not the password");
        Assert.StartsWith(AuthProblems.SignInPath + "?failed=true", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("sign-in-failed", await browser.GetStringAsync(wrong.Headers.Location), StringComparison.Ordinal);

        await using (var scope = _lab.Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            Assert.True((await accounts.SetDisabledAsync(user.Id, true)).Succeeded);
        }
        using var disabled = await SignInAsync(browser, "rita", SignedInLab.Password);
        Assert.StartsWith(AuthProblems.SignInPath + "?failed=true", disabled.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_return_address_on_another_site_is_not_followed()
    {
        await _lab.UserAsync("rita", LabRole.Runner);

        using var signedIn = await SignInAsync(Browser(), "rita", SignedInLab.Password, returnUrl: "//evil.example.org/");

        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_viewer_is_sent_away_from_the_users_page_and_an_admin_sees_it()
    {
        await _lab.UserAsync("victor", LabRole.Viewer);
        var viewer = Browser();
        await SignInAsync(viewer, "victor", SignedInLab.Password);
        var admin = Browser();
        await SignInAsync(admin, SignedInLab.AdminName, SignedInLab.Password);

        using var refused = await viewer.GetAsync("/account/users");
        using var shown = await admin.GetAsync("/account/users");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith(AuthProblems.DeniedPath, refused.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("victor", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

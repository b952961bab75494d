using System.Text.RegularExpressions;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>The cookie sign-in as a browser does it: the static page's form, posted with its antiforgery token.</summary>
public static partial class BrowserSignIn
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public static HttpClient Browser(SignedInLab lab) => lab.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password, string returnUrl = "/runs")
    {
        var page = await browser.GetStringAsync("/account/signin");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        Assert.NotEmpty(token);
        return await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = user,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
        }));
    }
}

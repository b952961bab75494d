using System.Net;
using System.Text.RegularExpressions;
using CifarLab.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CifarLab.E2E;

/// <summary>An app that requires sign-in (forced on loopback), with its first admin from the environment.</summary>
public sealed class AccountsApp : LabFixture
{
    public const string Password = "correct horse battery";

    protected override string Name => "accounts";

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Auth__RequireSignIn"] = "true",
        ["CIFARLAB_ADMIN_USER"] = "admin",
        ["CIFARLAB_ADMIN_PASSWORD"] = Password,
    };
}

/// <summary>Issue 12: sign in, make accounts, a runner launches and may cancel its run, a viewer may not.</summary>
public sealed partial class AccountsTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [GeneratedRegex("Queued|Running")]
    private static partial Regex Live();

    private static async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("account/signin");
        await page.Locator("#user-name").FillAsync(user);
        await page.Locator("#password").FillAsync(AccountsApp.Password);
        await page.Locator("#sign-in").ClickAsync();
        await Ui.WaitInteractiveAsync(page);
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(user);
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.Locator("#sign-out").ClickAsync();
        await Expect(page.Locator("#sign-in-form")).ToBeVisibleAsync();
    }

    private static async Task CreateUserAsync(IPage page, string name, string role)
    {
        await page.Locator("#new-user-name").FillAsync(name);
        await page.Locator("#new-user-password").FillAsync(AccountsApp.Password);
        await page.Locator("#new-user-role").SelectOptionAsync(role);
        await page.Locator("#create-user").ClickAsync();
        await Expect(page.Locator("#users-message")).ToContainTextAsync($"Created {name}");
    }

    [Fact]
    public async Task A_runner_launches_and_may_cancel_its_run_and_a_viewer_may_not()
    {
        using (var anonymous = new HttpClient { BaseAddress = app.Server.BaseUrl })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/runs")).StatusCode);
        }
        await app.RunAsync("accounts", async page =>
        {
            // Pages send a stranger to the sign-in form.
            await page.GotoAsync("runs");
            await Expect(page.Locator("#sign-in-form")).ToBeVisibleAsync();

            await SignInAsync(page, "admin");
            await page.Locator("nav.topbar").GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
            await Ui.WaitInteractiveAsync(page);
            await CreateUserAsync(page, "rita", "Runner");
            await CreateUserAsync(page, "victor", "Viewer");
            await SignOutAsync(page);

            await SignInAsync(page, "rita");
            var id = await Ui.LaunchThroughFormAsync(page, new TinyRun("rita's long run", Epochs: 1000));
            await Expect(page.Locator("#run-owner")).ToContainTextAsync("rita");
            await Expect(page.Locator("#cancel-run")).ToBeVisibleAsync();
            await SignOutAsync(page);

            await SignInAsync(page, "victor");
            await Ui.GotoAsync(page, $"runs/{id}");
            await Expect(Ui.Badge(page)).ToHaveAttributeAsync("data-status", Live());
            await Expect(page.Locator("#run-actions")).ToBeAttachedAsync();
            await Expect(page.Locator("#cancel-run")).ToHaveCountAsync(0);
            await Expect(page.Locator("#rerun")).ToHaveCountAsync(0);
            await Expect(page.Locator("#rerun-same-seed")).ToHaveCountAsync(0);
            await Expect(page.Locator("#repeat-run")).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "run-as-viewer", docs: false);
            await SignOutAsync(page);

            await SignInAsync(page, "rita");
            await Ui.GotoAsync(page, $"runs/{id}");
            await page.Locator("#cancel-run").ClickAsync();
            await page.Locator("#confirm-cancel").ClickAsync(); // cancel asks first
            await Ui.ExpectStatusAsync(page, "Cancelled", Ui.RunTimeout);
        });
    }
}

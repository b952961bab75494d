using System.Net;
using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>Loopback may run without sign-in; any other binding needs an admin, unless the operator opts out.</summary>
public sealed class SignInRuleTests
{
    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.2:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("unix:/tmp/cifarlab.sock", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://192.168.1.20:8080", false)]
    [InlineData("http://lab.example.org", false)]
    public void Loopback_addresses_are_told_from_the_others(string url, bool loopback) =>
        Assert.Equal(loopback, SignInRule.IsLoopback(url));

    [Fact]
    public void Sign_in_is_required_off_loopback_unless_the_setting_says_otherwise()
    {
        string[] laptop = ["http://localhost:5000", "https://127.0.0.1:5001"];
        string[] server = ["http://localhost:5000", "http://0.0.0.0:8080"];

        Assert.False(SignInRule.IsRequired(null, laptop));
        Assert.True(SignInRule.IsRequired(null, server));
        Assert.False(SignInRule.IsRequired(false, server));
        Assert.True(SignInRule.IsRequired(true, laptop));
    }

    [Fact]
    public void The_refusal_names_the_address_and_both_ways_out()
    {
        string[] server = ["http://0.0.0.0:8080"];

        Assert.Null(SignInRule.StartupRefusal(required: false, null, server, adminExists: false));
        Assert.Null(SignInRule.StartupRefusal(required: true, null, server, adminExists: true));
        var refusal = SignInRule.StartupRefusal(required: true, null, server, adminExists: false);

        Assert.NotNull(refusal);
        Assert.Contains("http://0.0.0.0:8080", refusal, StringComparison.Ordinal);
        Assert.Contains(AuthSettings.AdminUserKey, refusal, StringComparison.Ordinal);
        Assert.Contains(AuthSettings.AdminPasswordKey, refusal, StringComparison.Ordinal);
        Assert.Contains(AuthSettings.RequireSignInKey + "=false", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_bound_to_every_interface_without_an_admin_refuses_to_start()
    {
        using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false,
            new Dictionary<string, string> { ["urls"] = "http://0.0.0.0:8080" });

        var refused = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = Flatten(refused);
        Assert.Contains("no enabled admin account exists", message, StringComparison.Ordinal);
        Assert.Contains(AuthSettings.AdminUserKey, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_host_starts_with_a_first_admin_and_then_requires_sign_in()
    {
        using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false, new Dictionary<string, string>
        {
            ["urls"] = "http://0.0.0.0:8080",
            [AuthSettings.AdminUserKey] = "root",
            [AuthSettings.AdminPasswordKey] = SignedInLab.Password,
        });

        using var anonymous = await factory.CreateClient().GetAsync("/api/runs");

        await ProblemAssert.IsProblem(anonymous, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_operator_may_opt_out_and_then_every_request_is_the_local_admin()
    {
        using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false, new Dictionary<string, string>
        {
            ["urls"] = "http://0.0.0.0:8080",
            [AuthSettings.RequireSignInKey] = "false",
        });
        var client = factory.CreateClient();

        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config());

        Assert.Null((await TinyRuns.GetAsync(client, id)).Owner);
        (await client.PostAsync($"/api/runs/{id}/cancel", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task On_loopback_by_default_nothing_asks_for_an_account_and_runs_have_no_owner()
    {
        using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();

        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config());

        Assert.Null((await TinyRuns.GetAsync(client, id)).Owner);
        (await client.GetAsync("/runs")).EnsureSuccessStatusCode();
        Assert.Contains("sign-in-not-required", await client.GetStringAsync("/account/signin"), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}

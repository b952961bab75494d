using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>
/// <c>create-admin NAME</c>, run as the real app in its own process: one line, exit 0, and an admin a host that
/// requires sign-in accepts; an existing account is promoted; a bad password is one line on stderr and exit 2.
/// </summary>
public sealed class CreateAdminCommandTests
{
    private static string[] LinesOf(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The account as a host that requires sign-in sees it (that host refuses to start without an enabled admin).</summary>
    private static async Task<(LabRole Role, bool Disabled, bool PasswordWorks)> AccountAsync(string data, string name, string password)
    {
        SqliteConnection.ClearAllPools();
        using var factory = new LabFactory(data, workerEnabled: false, new Dictionary<string, string> { [AuthSettings.RequireSignInKey] = "true" });
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LabUser>>();
        var user = await users.FindByNameAsync(name);
        Assert.NotNull(user);
        return (user.Role, user.Disabled, await users.CheckPasswordAsync(user, password));
    }

    [Fact]
    public async Task It_creates_an_admin_from_the_environment_password_prints_one_line_and_exits_0()
    {
        var data = LabFactory.NewDataDirectory();

        var (code, output, error) = await AppProcess.RunAsync(data, ["create-admin", "alice"],
            new Dictionary<string, string> { [AuthSettings.AdminPasswordKey] = "alice's long password" });

        Assert.True(code == 0, $"exit {code}: {output}{error}");
        Assert.Equal(["Created the admin account alice."], LinesOf(output));
        Assert.Equal("", error);
        Assert.Equal((LabRole.Admin, false, true), await AccountAsync(data, "alice", "alice's long password"));
    }

    [Fact]
    public async Task It_promotes_an_existing_account_with_the_password_read_from_stdin()
    {
        var data = LabFactory.NewDataDirectory();
        using (var factory = new LabFactory(data, workerEnabled: false))
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            Assert.True((await accounts.CreateAsync("vera", "vera's old password", LabRole.Viewer)).Succeeded);
        }
        SqliteConnection.ClearAllPools();

        var (code, output, error) = await AppProcess.RunAsync(data, ["create-admin", "vera"], stdin: "vera's new password\n");

        Assert.True(code == 0, $"exit {code}: {output}{error}");
        Assert.Equal(["vera is now an enabled admin with the new password."], LinesOf(output));
        Assert.Equal((LabRole.Admin, false, true), await AccountAsync(data, "vera", "vera's new password"));
    }

    [Fact]
    public async Task A_short_password_or_no_name_is_one_line_on_stderr_and_exit_2()
    {
        var data = LabFactory.NewDataDirectory();

        var (shortCode, shortOutput, shortError) = await AppProcess.RunAsync(data, ["create-admin", "bob"], stdin: "short\n");
        var (nameCode, _, nameError) = await AppProcess.RunAsync(data, ["create-admin"], stdin: "long enough password\n");

        Assert.Equal(2, shortCode);
        Assert.Equal("", shortOutput);
        var line = Assert.Single(LinesOf(shortError));
        Assert.StartsWith("CifarLab create-admin: Could not create bob: Passwords must be at least 8 characters.", line, StringComparison.Ordinal);
        Assert.Equal(2, nameCode);
        Assert.Equal(["CifarLab create-admin: say which account: create-admin NAME."], LinesOf(nameError));
    }
}

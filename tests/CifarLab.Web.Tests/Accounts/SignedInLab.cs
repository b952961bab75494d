using System.Net.Http.Headers;
using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>
/// The real host with sign-in forced on (<c>Auth:RequireSignIn=true</c>), its first admin from the environment
/// variables' settings, and no worker (runs stay queued): accounts are made through the app's own services and each
/// gets a client carrying a personal access token.
/// </summary>
public sealed class SignedInLab : IDisposable
{
    public const string AdminName = "admin";
    public const string Password = "correct horse battery";

    public SignedInLab(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            [AuthSettings.RequireSignInKey] = "true",
            [AuthSettings.AdminUserKey] = AdminName,
            [AuthSettings.AdminPasswordKey] = Password,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        Factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false, all);
    }

    public LabFactory Factory { get; }

    public void Dispose() => Factory.Dispose();

    public async Task<LabUser> UserAsync(string name, LabRole role)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LabUser>>();
        if (await users.FindByNameAsync(name) is { } existing)
        {
            return existing;
        }
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(name, Password, role);
        Assert.True(created.Succeeded, created.Message);
        return (await users.FindByNameAsync(name))!;
    }

    public async Task<string> TokenAsync(string name, LabRole role)
    {
        var user = await UserAsync(name, role);
        return (await Factory.Services.GetRequiredService<AccessTokens>().CreateAsync(user.Id, "tests")).Token;
    }

    /// <summary>A client that sends a new token of the named account (created with the role when it does not exist).</summary>
    public async Task<HttpClient> ClientAsync(string name, LabRole role) => WithToken(await TokenAsync(name, role));

    public HttpClient WithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Anonymous() => Factory.CreateClient();
}

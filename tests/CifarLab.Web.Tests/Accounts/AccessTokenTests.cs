using System.Net;
using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Accounts;

public sealed class AccessTokenTests : IDisposable
{
    private readonly SignedInLab _lab = new();

    public void Dispose() => _lab.Dispose();

    private AccessTokens Tokens => _lab.Factory.Services.GetRequiredService<AccessTokens>();

    private AccountsDbContext Accounts() =>
        _lab.Factory.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContext();

    [Fact]
    public async Task A_token_is_stored_only_as_its_hash_and_stops_working_when_revoked()
    {
        var user = await _lab.UserAsync("rita", LabRole.Runner);
        var created = await Tokens.CreateAsync(user.Id, "laptop CLI");
        var client = _lab.WithToken(created.Token);
        (await client.GetAsync("/api/runs")).EnsureSuccessStatusCode();

        await using (var db = Accounts())
        {
            var row = await db.AccessTokens.SingleAsync(t => t.Id == created.Row.Id);
            Assert.NotEqual(created.Token, row.Hash);
            Assert.DoesNotContain(created.Token, row.Hash + row.Prefix + row.Name, StringComparison.Ordinal);
            Assert.Equal(AccessTokens.Hash(created.Token), row.Hash);
            Assert.StartsWith(row.Prefix, created.Token, StringComparison.Ordinal);
            Assert.NotNull(row.LastUsedAt);
        }

        Assert.True(await Tokens.RevokeAsync(user.Id, created.Row.Id));
        using var revoked = await client.GetAsync("/api/runs");
        await ProblemAssert.IsProblem(revoked, HttpStatusCode.Unauthorized);
        Assert.False(await Tokens.RevokeAsync(user.Id, created.Row.Id));
    }

    [Fact]
    public async Task Only_the_owner_revokes_a_token_and_an_unknown_token_is_401()
    {
        var rita = await _lab.UserAsync("rita", LabRole.Runner);
        var rob = await _lab.UserAsync("rob", LabRole.Runner);
        var ritas = await Tokens.CreateAsync(rita.Id, "ci");

        Assert.False(await Tokens.RevokeAsync(rob.Id, ritas.Row.Id));
        (await _lab.WithToken(ritas.Token).GetAsync("/api/runs")).EnsureSuccessStatusCode();
        using var unknown = await _lab.WithToken(AccessTokens.TokenStart + "not-a-real-token").GetAsync("/api/runs");
        await ProblemAssert.IsProblem(unknown, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", unknown.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_disabled_account_s_token_is_401_and_a_role_change_applies_at_once()
    {
        var user = await _lab.UserAsync("rita", LabRole.Runner);
        var client = _lab.WithToken((await Tokens.CreateAsync(user.Id, "ci")).Token);
        await TinyRuns.LaunchAsync(client, TinyRuns.Config());

        await using (var scope = _lab.Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            Assert.True((await accounts.SetRoleAsync(user.Id, LabRole.Viewer)).Succeeded);
        }
        using var asViewer = await client.PostAsync("/api/runs", null);
        await ProblemAssert.IsProblem(asViewer, HttpStatusCode.Forbidden);

        await using (var scope = _lab.Factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserAccounts>().SetDisabledAsync(user.Id, true)).Succeeded);
        }
        using var disabled = await client.GetAsync("/api/runs");
        await ProblemAssert.IsProblem(disabled, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_last_enabled_admin_cannot_be_demoted_or_disabled()
    {
        await using var scope = _lab.Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var admin = await _lab.UserAsync(SignedInLab.AdminName, LabRole.Admin);

        var demote = await accounts.SetRoleAsync(admin.Id, LabRole.Runner);
        var disable = await accounts.SetDisabledAsync(admin.Id, true);

        Assert.False(demote.Succeeded);
        Assert.Contains("last enabled admin", demote.Message, StringComparison.Ordinal);
        Assert.False(disable.Succeeded);
    }
}

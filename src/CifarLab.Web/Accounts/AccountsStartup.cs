using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Accounts;

/// <summary>
/// Before anything else starts: migrates the accounts tables, creates the first admin from
/// <c>CIFARLAB_ADMIN_USER</c>/<c>CIFARLAB_ADMIN_PASSWORD</c> when no account of that name exists, and refuses to start a
/// host that requires sign-in while no enabled admin exists (see <see cref="SignInRule"/>).
/// </summary>
public sealed class AccountsStartup(
    IServiceScopeFactory scopes, IDbContextFactory<AccountsDbContext> dbFactory, SignInPolicy policy,
    IConfiguration config, ILogger<AccountsStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(dbFactory, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await CreateFirstAdminAsync(accounts, scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LabUser>>());
        var refusal = SignInRule.StartupRefusal(policy.Required, policy.RequireSignInSetting, policy.Urls,
            await accounts.AnyEnabledAdminAsync(cancellationToken));
        if (refusal is not null)
        {
            throw new InvalidOperationException(refusal);
        }
        if (policy.Required)
        {
            logger.LogInformation("Sign-in is required (listening on {Urls}).", string.Join(", ", policy.Urls));
        }
        else
        {
            logger.LogInformation("Sign-in is not required (listening on {Urls}): every request acts as the local admin.", string.Join(", ", policy.Urls));
        }
    }

    private async Task CreateFirstAdminAsync(UserAccounts accounts, Microsoft.AspNetCore.Identity.UserManager<LabUser> users)
    {
        var name = config[AuthSettings.AdminUserKey];
        if (string.IsNullOrWhiteSpace(name) || await users.FindByNameAsync(name.Trim()) is not null)
        {
            return;
        }
        var password = config[AuthSettings.AdminPasswordKey];
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException($"{AuthSettings.AdminUserKey} is set but {AuthSettings.AdminPasswordKey} is not; set both to create the first admin.");
        }
        var created = await accounts.CreateAsync(name, password, LabRole.Admin);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"The first admin from {AuthSettings.AdminUserKey} could not be created: {created.Message}");
        }
        logger.LogWarning("Created the admin account {User} from {Variable}.", name.Trim(), AuthSettings.AdminUserKey);
    }

    /// <summary>Creates the database's folder when missing and brings the accounts tables up to date.</summary>
    public static async Task MigrateAsync(IDbContextFactory<AccountsDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

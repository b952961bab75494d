using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Accounts;

public sealed class AccountsMigrationTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_accounts_migrations_match_the_model_and_share_the_lab_database_file()
    {
        _factory.CreateClient();
        await using var accounts = _factory.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContext();
        await using var lab = _factory.CreateDbContext();

        Assert.False(accounts.Database.HasPendingModelChanges(),
            "The accounts model changed without a migration: run `dotnet ef migrations add <Name> --context AccountsDbContext --output-dir Accounts/Migrations` in src/CifarLab.Web.");
        Assert.Empty(await accounts.Database.GetPendingMigrationsAsync());
        Assert.Equal(lab.Database.GetConnectionString(), accounts.Database.GetConnectionString());
        Assert.Empty(await lab.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Live_pages_revalidate_their_account()
    {
        _factory.CreateClient();
        await using var scope = _factory.Services.CreateAsyncScope();

        var provider = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();

        Assert.IsType<AccountStateRevalidator>(provider);
    }
}

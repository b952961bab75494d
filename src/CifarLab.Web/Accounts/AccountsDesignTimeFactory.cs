using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CifarLab.Web.Accounts;

/// <summary>Lets `dotnet ef migrations add --context AccountsDbContext` build the model without the web host.</summary>
public sealed class AccountsDesignTimeFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        AccountsDbContext.Configure(options, "Data Source=design-time.db");
        return new AccountsDbContext(options.Options);
    }
}

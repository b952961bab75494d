using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Queue;

public sealed class MigrationTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_migrations_match_the_model_and_are_applied_at_startup()
    {
        _ = _factory.Services;
        await using var db = _factory.CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model changed without a migration: run `dotnet ef migrations add` in src/CifarLab.Web.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", journal.Single());
    }
}

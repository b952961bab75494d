using Bunit;
using CifarLab.Web.Accounts;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>The New run form launches as the signed-in account, and says so when its queue limit is reached.</summary>
public sealed class QuotaFormTests : ComponentTestBase
{
    private static readonly Task<AuthenticationState> Rita = Task.FromResult(new AuthenticationState(
        LabPrincipal.For(new LabUser { Id = "rita-id", UserName = "rita", Role = LabRole.Runner }, "test")));

    [Fact]
    public async Task A_launch_from_the_form_records_its_owner_and_one_over_the_limit_names_the_setting()
    {
        var page = Render<NewRun>(p => p.AddCascadingValue(Rita));
        await page.Find("form").SubmitAsync();
        await using (var db = CreateDbContext())
        {
            Assert.Equal("rita", (await db.Runs.SingleAsync()).Owner);
            // Fill rita's queue to the default limit.
            var template = await db.Runs.AsNoTracking().SingleAsync();
            for (var i = 1; i < new AuthSettings().MaxQueuedRunsPerUser; i++)
            {
                template.Id = 0;
                db.Runs.Add(template);
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        var again = Render<NewRun>(p => p.AddCascadingValue(Rita));
        await again.Find("form").SubmitAsync();

        Assert.Contains(AuthSettings.MaxQueuedRunsKey, again.Find("#over-quota").TextContent, StringComparison.Ordinal);
        await using var check = CreateDbContext();
        Assert.Equal(new AuthSettings().MaxQueuedRunsPerUser, await check.Runs.CountAsync());
    }
}

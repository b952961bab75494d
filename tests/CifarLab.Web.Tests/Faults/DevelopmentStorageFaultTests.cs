using System.Net;
using CifarLab.Web.Tests.Accounts;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CifarLab.Web.Tests.Faults;

/// <summary>
/// In Development too (where the framework shows its developer page for errors), a storage failure outside the API
/// is 507 problem+json: here a wrong password whose lockout count cannot be written to a read-only database.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DevelopmentStorageFaultTests
{
    [LinuxFact]
    public async Task A_page_post_that_cannot_write_the_database_is_507_in_Development()
    {
        using var lab = new SignedInLab(new Dictionary<string, string> { ["environment"] = "Development" });
        var browser = BrowserSignIn.Browser(lab);
        Assert.True(lab.Factory.Services.GetRequiredService<IHostEnvironment>().IsDevelopment());
        await browser.GetStringAsync("/account/signin"); // the host is up and the form's token can be read
        var database = Path.Combine(lab.Factory.DataDirectory, "cifarlab.db");

        using (new Unwritable(database))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the next connection opens the file as it is now
            using var response = await BrowserSignIn.SignInAsync(browser, SignedInLab.AdminName, "a wrong password");

            var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.InsufficientStorage);
            Assert.StartsWith("The database cannot be written", detail, StringComparison.Ordinal);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

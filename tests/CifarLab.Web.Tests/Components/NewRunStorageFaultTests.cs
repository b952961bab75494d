using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Lab;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Components;

/// <summary>While the lab cannot write its files the New run page queues nothing and says why, as the API's 507 does.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NewRunStorageFaultTests : ComponentTestBase
{
    [LinuxFact]
    public async Task The_form_shows_the_fault_instead_of_queueing_and_queues_once_the_lab_can_write_again()
    {
        var checkpoints = Path.Combine(DataDirectory, "checkpoints");
        Directory.CreateDirectory(checkpoints);
        var health = Services.GetRequiredService<StorageHealth>();
        var page = Render<NewRun>();

        using (new Unwritable(checkpoints))
        {
            health.Failed($"Permission denied while writing the run's files (in {checkpoints}).");
            await page.Find("form").SubmitAsync();

            Assert.Contains("Runs cannot be queued while the lab cannot write its files", page.Find("#storage-fault").TextContent, StringComparison.Ordinal);
            Assert.Contains("Permission denied", page.Find("#storage-fault").TextContent, StringComparison.Ordinal);
            await using var db = CreateDbContext();
            Assert.Equal(0, await db.Runs.CountAsync());
        }

        await page.Find("form").SubmitAsync(); // the probe write works now: the fault is cleared

        Assert.Empty(page.FindAll("#storage-fault"));
        await using var check = CreateDbContext();
        Assert.Equal(1, await check.Runs.CountAsync());
    }
}

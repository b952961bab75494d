using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>
/// The real host (no worker, so a queued run stays queued) with one run already queued, which the hostile requests
/// aim at. The rate limits are set high so the table's many requests are judged on their content, not their rate
/// (the limiter has its own tests).
/// </summary>
public sealed class AbuseHost : IAsyncLifetime
{
    public LabFactory Factory { get; } = new(LabFactory.NewDataDirectory(), workerEnabled: false, new Dictionary<string, string>
    {
        ["Limits:LaunchesPerWindow"] = "100000",
        ["Limits:CommandsPerWindow"] = "100000",
    });

    public int SeededRunId { get; private set; }

    public async Task InitializeAsync() => SeededRunId = await TinyRuns.LaunchAsync(Factory.CreateClient(), TinyRuns.Config(), "target");

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>How many runs exist, and the seeded run's status.</summary>
    public async Task<(int Runs, RunStatus Seeded)> StateAsync()
    {
        await using var db = Factory.CreateDbContext();
        var count = await db.Runs.CountAsync();
        var seeded = await db.Runs.Where(r => r.Id == SeededRunId).Select(r => r.Status).SingleAsync();
        return (count, seeded);
    }
}

using System.Text.Json;
using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Lab;

/// <summary>The training speeds of the runs that finished here, for <see cref="DurationEstimator"/>.</summary>
public sealed class RunSpeeds(IDbContextFactory<LabDbContext> dbFactory)
{
    /// <summary>The newest finished runs only: enough to estimate from, and the machine's speed of late.</summary>
    public const int Newest = 500;

    public async Task<IReadOnlyList<SpeedSample>> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Completed && r.ImagesPerSecond > 0 && r.ActualDevice != null)
            .OrderByDescending(r => r.Id)
            .Take(Newest)
            .Select(r => new { r.Model, r.BatchSize, r.ActualDevice, r.ImagesPerSecond, r.ConfigJson })
            .ToListAsync(ct);
        var samples = new List<SpeedSample>(rows.Count);
        foreach (var r in rows)
        {
            // Precision and width live only in the stored config; a config this version cannot read is left out.
            RunConfig config;
            try
            {
                config = RunConfig.FromJson(r.ConfigJson);
            }
            catch (JsonException)
            {
                continue;
            }
            samples.Add(new SpeedSample(r.Model, config.Width, r.BatchSize, SpeedSample.DeviceKind(r.ActualDevice!), config.Precision, r.ImagesPerSecond!.Value));
        }
        return samples;
    }
}

using CifarLab.Web.Accounts;
using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Groups;

/// <summary>What a group launch did: the group and its queued runs, or why it was refused.</summary>
public sealed record GroupLaunchResult(
    int? GroupId, IReadOnlyList<int> Seeds, IReadOnlyList<int> RunIds, IReadOnlyList<FieldError> Errors,
    QuotaRefusal? Refusal = null, bool SourceMissing = false)
{
    public bool Succeeded => GroupId is not null && Refusal is null;

    public string Message =>
        SourceMissing ? "That run does not exist."
        : Errors.Count > 0 ? string.Join(" ", Errors.Select(e => $"{e.Field}: {e.Message}"))
        : Refusal is { } q ? $"Queued {RunIds.Count} of {Seeds.Count} runs of group {GroupId}; the rest were refused: {q.Message}"
        : $"Queued {RunIds.Count} runs with seeds {string.Join(", ", Seeds)}.";
}

/// <summary>
/// "Repeat with N seeds": one group row, then one run per seed (base, base+1, … from <see cref="SeedPlan"/>), each
/// through <see cref="RunLauncher"/> like any launch (validation, quotas, the lifecycle).
/// </summary>
public sealed class GroupLauncher(IDbContextFactory<LabDbContext> dbFactory, RunLauncher launcher, RunRequestValidator validator, RunReader reader, TimeProvider clock)
{
    public const string SeedsField = "Seeds";

    public async Task<GroupLaunchResult> LaunchAsync(LaunchRequest template, int count, CancellationToken ct = default)
    {
        var errors = validator.Validate(template).ToList();
        var (seeds, seedError) = SeedPlan.Consecutive(template.Config.Seed, count);
        if (seedError is not null)
        {
            errors.Add(new FieldError(SeedsField, seedError));
        }
        if (errors.Count > 0)
        {
            return new GroupLaunchResult(null, seeds, [], errors);
        }
        var name = string.IsNullOrWhiteSpace(template.Name) ? $"{template.Config.Model} × {count} seeds" : template.Name.Trim();
        var group = new RunGroupRecord
        {
            Name = name,
            Seeds = string.Join(",", seeds),
            SourceRunId = template.SourceRunId,
            Owner = template.Owner,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Groups.Add(group);
            await db.SaveChangesAsync(ct);
        }
        var runIds = new List<int>();
        foreach (var seed in seeds)
        {
            var result = await launcher.LaunchAsync(template with
            {
                Config = template.Config with { Seed = seed },
                Name = SeedNames.WithSeed(name, seed),
                GroupId = group.Id,
            }, ct);
            if (result.OverQuota is { } refusal)
            {
                return new GroupLaunchResult(group.Id, seeds, runIds, [], refusal);
            }
            if (!result.Succeeded)
            {
                return new GroupLaunchResult(group.Id, seeds, runIds, result.Errors);
            }
            runIds.Add(result.RunId!.Value);
        }
        return new GroupLaunchResult(group.Id, seeds, runIds, []);
    }

    /// <summary>Repeats a run's config over <paramref name="count"/> seeds starting at its own seed.</summary>
    public async Task<GroupLaunchResult> RepeatAsync(int runId, int count, string? owner, CancellationToken ct = default)
    {
        var run = await reader.GetSummaryAsync(runId, ct);
        if (run is null)
        {
            return new GroupLaunchResult(null, [], [], [], SourceMissing: true);
        }
        return await LaunchAsync(new LaunchRequest
        {
            Config = RunConfig.FromJson(run.ConfigJson),
            Name = SeedNames.Stem(run.Name),
            Tags = run.TagList,
            Notes = run.Notes,
            SourceRunId = run.Id,
            Owner = owner,
        }, count, ct);
    }
}

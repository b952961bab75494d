using CifarLab.Web.Accounts;
using CifarLab.Web.Data;

namespace CifarLab.Web.Lab;

/// <summary>Validates a request and, only when it is valid, hands it to the lifecycle to queue.</summary>
public sealed class RunLauncher(RunRequestValidator validator, RunLifecycle lifecycle, RunReader reader, RunQuotas quotas, TimeProvider clock)
{
    public async Task<LaunchResult> LaunchAsync(LaunchRequest request, CancellationToken ct = default)
    {
        var errors = validator.Validate(request);
        if (errors.Count > 0)
        {
            return new LaunchResult(null, errors);
        }
        var config = request.Config;
        var (id, refusal) = await quotas.EnqueueWithinLimitsAsync(request.Owner, config, () => lifecycle.EnqueueAsync(new RunRecord
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? $"{config.Model} {clock.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm:ss}" : request.Name.Trim(),
            Tags = TagText.Join(request.Tags),
            Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes,
            ConfigJson = config.ToJson(),
            Model = config.Model,
            Device = config.Device.Trim().ToLowerInvariant(),
            Epochs = config.Epochs,
            BatchSize = config.BatchSize,
            LearningRate = config.LearningRate,
            Preset = config.Preset,
            SourceRunId = request.SourceRunId,
            ParameterCount = ParameterCounts.Of(config),
            Owner = request.Owner,
            GroupId = request.GroupId,
        }, ct), ct);
        return refusal is null ? new LaunchResult(id, []) : new LaunchResult(null, [], refusal);
    }

    /// <summary>Queues a fresh copy of a run's config with a new seed; returns the new run's id.</summary>
    public Task<(CommandOutcome Outcome, int? NewRunId, string Message)> RerunAsync(int runId, CancellationToken ct = default) =>
        RerunAsync(runId, RerunSeed.New, owner: null, ct);

    /// <summary>
    /// Queues a copy of a run's config for <paramref name="owner"/>, with the seed <paramref name="seed"/> chooses;
    /// its name says the seed ("(seed N)") so repeats are told apart. Returns the new run's id.
    /// </summary>
    public async Task<(CommandOutcome Outcome, int? NewRunId, string Message)> RerunAsync(int runId, RerunSeed seed, string? owner, CancellationToken ct = default)
    {
        var run = await reader.GetSummaryAsync(runId, ct);
        if (run is null)
        {
            return (CommandOutcome.NotFound, null, $"Run {runId} does not exist.");
        }
        var source = RunConfig.FromJson(run.ConfigJson);
        var config = source with { Seed = seed.Choose(source.Seed) };
        var result = await LaunchAsync(new LaunchRequest
        {
            Config = config,
            Name = SeedNames.WithSeed(run.Name, config.Seed),
            Tags = run.TagList,
            Notes = run.Notes,
            SourceRunId = run.Id,
            Owner = owner,
        }, ct);
        return result.Succeeded
            ? (CommandOutcome.Done, result.RunId, $"Queued with seed {config.Seed}.")
            : result.OverQuota is { } q ? (CommandOutcome.OverQuota, null, q.Message)
            : (CommandOutcome.Conflict, null, string.Join(" ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
    }
}

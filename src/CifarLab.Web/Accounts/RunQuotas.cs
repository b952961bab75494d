using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Accounts;

/// <summary>Why a launch was refused by a per-account limit: the setting, its value, and what to do.</summary>
public sealed record QuotaRefusal(string Setting, long Limit, string Message);

/// <summary>
/// Per-account limits on what may wait in the queue or train at once: the number of runs, and their compute in
/// epochs x training images (<c>Auth:MaxQueuedRunsPerUser</c>, <c>Auth:MaxQueuedImageEpochsPerUser</c>). Runs launched
/// without an account (sign-in not required) have no owner and no limit.
/// </summary>
public sealed class RunQuotas(IDbContextFactory<LabDbContext> dbFactory, IOptionsMonitor<AuthSettings> settings) : IDisposable
{
    // Owned launches pass the check and enqueue one at a time in this process, so a burst of requests cannot all fit
    // under the limit together (hosts sharing one database each keep their own gate).
    private readonly SemaphoreSlim _gate = new(1, 1);

    private static int FullTrainingSet => RunOptions.TrainLimit.Max;

    public static long ImageEpochs(RunConfig config) =>
        (long)config.Epochs * (config.TrainLimit > 0 ? Math.Min(config.TrainLimit, FullTrainingSet) : FullTrainingSet);

    private static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="enqueue"/> when the owner's limits allow the run; otherwise returns why not.</summary>
    public async Task<(int? RunId, QuotaRefusal? Refusal)> EnqueueWithinLimitsAsync(string? owner, RunConfig config, Func<Task<int>> enqueue, CancellationToken ct = default)
    {
        if (owner is null)
        {
            return (await enqueue(), null);
        }
        await _gate.WaitAsync(ct);
        try
        {
            return await CheckAsync(owner, config, ct) is { } refusal ? (null, refusal) : (await enqueue(), null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    public async Task<QuotaRefusal?> CheckAsync(string? owner, RunConfig config, CancellationToken ct = default)
    {
        if (owner is null)
        {
            return null;
        }
        var limits = settings.CurrentValue;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.Runs.AsNoTracking()
            .Where(r => r.Owner == owner && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .Select(r => r.ConfigJson)
            .ToListAsync(ct);
        if (limits.MaxQueuedRunsPerUser > 0 && pending.Count >= limits.MaxQueuedRunsPerUser)
        {
            return new QuotaRefusal(AuthSettings.MaxQueuedRunsKey, limits.MaxQueuedRunsPerUser,
                $"{owner} already has {pending.Count} runs queued or training, and {AuthSettings.MaxQueuedRunsKey} allows {limits.MaxQueuedRunsPerUser}. "
                + "Wait for one to finish or cancel one.");
        }
        var queued = pending.Sum(json => ImageEpochs(RunConfig.FromJson(json)));
        var asked = ImageEpochs(config);
        if (limits.MaxQueuedImageEpochsPerUser > 0 && queued + asked > limits.MaxQueuedImageEpochsPerUser)
        {
            return new QuotaRefusal(AuthSettings.MaxQueuedImageEpochsKey, limits.MaxQueuedImageEpochsPerUser,
                $"This run needs {Count(asked)} image-epochs (epochs x training images) and {owner} already has {Count(queued)} queued or training; "
                + $"{AuthSettings.MaxQueuedImageEpochsKey} allows {Count(limits.MaxQueuedImageEpochsPerUser)} in all. Use fewer epochs or images, or wait.");
        }
        return null;
    }
}

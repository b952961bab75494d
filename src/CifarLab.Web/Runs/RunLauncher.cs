using CifarLab.Web.Data;
using CifarLab.Web.Engine;
using CifarLab.Web.Jobs;
using CifarLab.Web.Live;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Runs;

/// <summary>Validates a request and, only when it is valid, writes it to the queue.</summary>
public sealed class RunLauncher(
    IDbContextFactory<LabDbContext> dbFactory,
    RunRequestValidator validator,
    ITrainingEngine engine,
    QueueSignal signal,
    LivePublisher live,
    TimeProvider clock)
{
    public async Task<LaunchResult> LaunchAsync(LaunchRequest request, CancellationToken ct = default)
    {
        var errors = validator.Validate(request);
        if (errors.Count > 0)
        {
            return new LaunchResult(null, errors);
        }
        var config = request.Config;
        var now = clock.GetUtcNow().UtcDateTime;
        var run = new RunRecord
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? $"{config.Model} {now:yyyy-MM-dd HH:mm:ss}" : request.Name.Trim(),
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
            ParameterCount = engine.CountParameters(config),
            Status = RunStatus.Queued,
            QueueOrder = now.Ticks,
            CreatedAt = now,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Runs.Add(run);
            await db.SaveChangesAsync(ct);
        }
        signal.Pulse();
        await live.PublishAsync(new RunStatusMessage(run.Id, nameof(RunStatus.Queued), null, null, null, now));
        return new LaunchResult(run.Id, []);
    }
}

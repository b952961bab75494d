using CifarLab.Training.Training;
using CifarLab.Web.Data;
using CifarLab.Web.Engine;
using CifarLab.Web.Live;

namespace CifarLab.Web.Jobs;

/// <summary>Persists and publishes one run's events; step progress is throttled, epochs never are.</summary>
public sealed class RunEventPump(RunStore store, LivePublisher live, ILogger logger, int runId, int epochs, TimeSpan progressInterval)
{
    private long _lastProgressTicks;

    public async Task PumpAsync(EventChannel events)
    {
        await foreach (var e in events.ReadAllAsync())
        {
            try
            {
                await HandleAsync(e);
            }
            catch (Exception ex)
            {
                // One event that cannot be stored must not stop the rest or the run.
                logger.LogWarning(ex, "Run {RunId}: could not handle {Event}", runId, e.GetType().Name);
            }
        }
    }

    private async Task HandleAsync(TrainingEvent e)
    {
        switch (e)
        {
            case PhaseChanged p:
                await store.SetPhaseAsync(runId, p.Message.Length > 0 ? p.Message : p.Phase);
                await live.PublishAsync(new RunStatusMessage(runId, nameof(RunStatus.Running), p.Message.Length > 0 ? p.Message : p.Phase, null, null, DateTime.UtcNow));
                break;
            case StepProgress s when ShouldSend(s):
                await live.PublishAsync(new RunProgressMessage(runId, s.Epoch, epochs, s.Step, s.TotalSteps, s.Fraction,
                    s.RunningLoss, s.ImagesPerSecond, s.LearningRate, s.Elapsed.TotalSeconds, s.Eta.TotalSeconds));
                break;
            case EpochMetrics m:
                await store.RecordEpochAsync(runId, m);
                await live.PublishAsync(new RunEpochMessage(runId, m.Epoch, m.TrainLoss, m.TrainAccuracy, m.TestLoss,
                    m.TestAccuracy, m.LearningRate, m.EpochSeconds, m.ImagesPerSecond));
                break;
            case CheckpointSaved:
                await store.SyncArtifactsAsync(runId);
                break;
            case DatasetReady d:
                await store.SetDatasetAsync(runId, d.Dataset);
                break;
        }
    }

    // The last step of the run always goes out so the bar reaches 100 %.
    private bool ShouldSend(StepProgress s)
    {
        var now = System.Environment.TickCount64;
        if (s.Step < s.TotalSteps && now - _lastProgressTicks < progressInterval.TotalMilliseconds)
        {
            return false;
        }
        _lastProgressTicks = now;
        return true;
    }
}

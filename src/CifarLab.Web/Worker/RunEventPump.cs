using CifarLab.Web.Lab;
using CifarLab.Web.Live;

namespace CifarLab.Web.Worker;

/// <summary>Hands one run's events to the lifecycle in order; step progress is throttled, epochs never are.</summary>
public sealed class RunEventPump(RunLifecycle lifecycle, RunArtifacts artifacts, StorageHealth storage, ILogger logger, int runId, int epochs, TimeSpan progressInterval)
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
                await lifecycle.SetPhaseAsync(runId, p.Message.Length > 0 ? p.Message : p.Phase);
                break;
            case StepProgress s when ShouldSend(s):
                await lifecycle.ReportProgressAsync(new RunProgressMessage(runId, s.Epoch, epochs, s.Step, s.TotalSteps, s.Fraction,
                    s.RunningLoss, s.ImagesPerSecond, s.LearningRate, s.Elapsed.TotalSeconds, s.Eta.TotalSeconds));
                break;
            case EpochMetrics m:
                await lifecycle.RecordEpochAsync(runId, m);
                break;
            case CheckpointSaved:
                storage.Succeeded(); // a checkpoint was written: the storage works (again)
                await artifacts.SyncAsync(runId);
                break;
            case DatasetReady d:
                await lifecycle.SetDatasetAsync(runId, d.Dataset);
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

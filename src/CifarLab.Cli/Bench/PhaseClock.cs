using System.Diagnostics;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Bench;

/// <summary>
/// Timestamps the Trainer's events as they happen (the Trainer reports synchronously on its own thread) and passes
/// them on, so the real reporter's cost stays inside the measurement.
/// </summary>
internal sealed class PhaseClock(IProgress<TrainingEvent>? next) : IProgress<TrainingEvent>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Seconds from construction to the first "training" phase: data to the device, model, init, optimizer.</summary>
    public double? FirstTrainingAt { get; private set; }
    public int StepEvents { get; private set; }
    public List<EpochMetrics> Epochs { get; } = [];

    public void Report(TrainingEvent value)
    {
        switch (value)
        {
            case PhaseChanged { Phase: "training" } when FirstTrainingAt is null:
                FirstTrainingAt = _clock.Elapsed.TotalSeconds;
                break;
            case StepProgress:
                StepEvents++;
                break;
            case EpochMetrics m:
                Epochs.Add(m);
                break;
        }
        next?.Report(value);
    }
}

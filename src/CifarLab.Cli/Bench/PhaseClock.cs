using System.Diagnostics;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Bench;

/// <summary>
/// Timestamps the Trainer's events as they happen (the Trainer reports synchronously on its own thread) and passes
/// them on, so the real reporter's cost stays inside the measurement. The Trainer announces each epoch with a
/// "training" phase and always reports the epoch's last step, so the process-CPU time between the two is the
/// epoch's training loop.
/// </summary>
internal sealed class PhaseClock(IProgress<TrainingEvent>? next) : IProgress<TrainingEvent>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double? _loopCpuStart;

    /// <summary>Seconds from construction to the first "training" phase: data to the device, model, init, optimizer.</summary>
    public double? FirstTrainingAt { get; private set; }
    public int StepEvents { get; private set; }
    public double TrainLoopCpuSeconds { get; private set; }
    public List<EpochMetrics> Epochs { get; } = [];

    public void Report(TrainingEvent value)
    {
        switch (value)
        {
            case PhaseChanged { Phase: "training" }:
                FirstTrainingAt ??= _clock.Elapsed.TotalSeconds;
                _loopCpuStart = CpuClock.Seconds();
                break;
            case StepProgress p:
                StepEvents++;
                if (p.StepInEpoch == p.StepsPerEpoch && _loopCpuStart is { } start)
                {
                    TrainLoopCpuSeconds += CpuClock.Seconds() - start;
                    _loopCpuStart = null;
                }
                break;
            case EpochMetrics m:
                Epochs.Add(m);
                break;
        }
        next?.Report(value);
    }
}

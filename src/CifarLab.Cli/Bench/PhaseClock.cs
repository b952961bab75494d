using System.Diagnostics;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Bench;

/// <summary>
/// Clocks the Trainer from its own events, which it reports synchronously on its training thread, and passes them on
/// so the real reporter's cost stays inside the measurement. With the Trainer reporting every step, the time from an
/// epoch's "training" phase (or from the previous step's report) to a step's report is that step plus everything the
/// Trainer does around it: the epoch's augmentation and shuffle before the first step, batch gathering, loss
/// bookkeeping, lookahead, progress. After each report <see cref="Between"/> may run other work (a paired bare step);
/// its time is left out of the next interval.
/// </summary>
internal sealed class PhaseClock(IProgress<TrainingEvent>? next, Action? between = null) : IProgress<TrainingEvent>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private (double Wall, double Cpu)? _intervalStart;

    public Action? Between { get; } = between;

    /// <summary>Seconds from construction to the first "training" phase: data to the device, model, init, optimizer.</summary>
    public double? FirstTrainingAt { get; private set; }
    public List<double> StepWallMs { get; } = [];
    public List<double> StepCpuMs { get; } = [];
    public List<EpochMetrics> Epochs { get; } = [];

    public void Report(TrainingEvent value)
    {
        switch (value)
        {
            case PhaseChanged { Phase: "training" }:
                FirstTrainingAt ??= _clock.Elapsed.TotalSeconds;
                _intervalStart = Now();
                break;
            case StepProgress p when _intervalStart is { } start:
                var now = Now();
                StepWallMs.Add((now.Wall - start.Wall) * 1000);
                StepCpuMs.Add((now.Cpu - start.Cpu) * 1000);
                next?.Report(value);
                Between?.Invoke();
                // The next interval starts after the paired work; an epoch's last step ends the epoch's intervals.
                _intervalStart = p.StepInEpoch == p.StepsPerEpoch ? null : Now();
                return;
            case EpochMetrics m:
                Epochs.Add(m);
                break;
        }
        next?.Report(value);
    }

    private (double Wall, double Cpu) Now() => (_clock.Elapsed.TotalSeconds, CpuClock.Seconds());
}

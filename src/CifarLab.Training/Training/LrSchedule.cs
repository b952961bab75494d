namespace CifarLab.Training.Training;

/// <summary>
/// Learning-rate multiplier as a pure function of the global step, so resuming from a
/// checkpoint reproduces the schedule exactly. The optimizer's lr = peak lr x multiplier.
/// </summary>
public sealed class LrSchedule
{
    private readonly RunConfig _config;
    private readonly int _totalSteps;
    private readonly int _stepsPerEpoch;
    private readonly int _warmupSteps;

    public LrSchedule(RunConfig config, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _stepsPerEpoch = Math.Max(1, stepsPerEpoch);
        _totalSteps = Math.Max(1, _stepsPerEpoch * config.Epochs);
        _warmupSteps = (int)Math.Round(config.WarmupFraction * _totalSteps);
    }

    public int TotalSteps => _totalSteps;

    /// <summary>Multiplier for the update made at 0-based <paramref name="step"/>.</summary>
    public double Multiplier(int step)
    {
        var c = _config;
        if (step < _warmupSteps)
        {
            // Linear warmup from InitialLrFraction to 1 (airbench: 0.2 -> 1 over the first 23%).
            var t = (double)step / _warmupSteps;
            return c.InitialLrFraction + (1 - c.InitialLrFraction) * t;
        }
        var decaySteps = Math.Max(1, _totalSteps - 1 - _warmupSteps);
        var progress = Math.Clamp((double)(step - _warmupSteps) / decaySteps, 0, 1);
        return c.Schedule switch
        {
            ScheduleKind.Constant => 1.0,
            ScheduleKind.Step => Math.Pow(c.StepGamma, step / _stepsPerEpoch / c.StepEpochs),
            ScheduleKind.Cosine => c.FinalLrFraction + (1 - c.FinalLrFraction) * 0.5 * (1 + Math.Cos(Math.PI * progress)),
            ScheduleKind.OneCycle => 1 + (c.FinalLrFraction - 1) * progress,
            ScheduleKind.LinearDecay => 1 + (c.FinalLrFraction - 1) * (step - _warmupSteps) / (double)Math.Max(1, _totalSteps - _warmupSteps),
            _ => throw new ArgumentOutOfRangeException(nameof(step), $"unknown schedule {c.Schedule}"),
        };
    }
}

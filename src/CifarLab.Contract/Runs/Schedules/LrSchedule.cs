namespace CifarLab.Contract;

/// <summary>
/// Learning-rate multiplier as a pure function of the global step, so resuming from a checkpoint reproduces the
/// schedule exactly. The optimizer's lr = peak lr x multiplier. No TorchSharp: the trainer uses it and a host can
/// draw the same curve (e.g. a preview) without the engine.
/// <para>Warmup (<see cref="RunConfig.WarmupFraction"/> of all steps, linear from
/// <see cref="RunConfig.InitialLrFraction"/> to 1) replaces the first steps of every schedule. Cosine, one-cycle and
/// linear decay then run over the remaining steps; the epoch-based schedules (step, multi-step, exponential,
/// warm restarts) count epochs from the start of training, as PyTorch's schedulers stepped once an epoch do.</para>
/// </summary>
public sealed class LrSchedule
{
    private readonly RunConfig _config;
    private readonly int _totalSteps;
    private readonly int _stepsPerEpoch;
    private readonly int _warmupSteps;
    private readonly int[] _milestones;

    public LrSchedule(RunConfig config, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _stepsPerEpoch = Math.Max(1, stepsPerEpoch);
        _totalSteps = Math.Max(1, _stepsPerEpoch * config.Epochs);
        _warmupSteps = (int)Math.Round(config.WarmupFraction * _totalSteps);
        _milestones = config.Schedule == ScheduleKind.MultiStep ? Milestones.Parse(config.Milestones) : [];
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
        var epoch = step / _stepsPerEpoch;
        return c.Schedule switch
        {
            ScheduleKind.Constant => 1.0,
            ScheduleKind.Step => Math.Pow(c.StepGamma, epoch / c.StepEpochs),
            ScheduleKind.Cosine => Cosine(progress),
            ScheduleKind.OneCycle => 1 + (c.FinalLrFraction - 1) * progress,
            ScheduleKind.LinearDecay => 1 + (c.FinalLrFraction - 1) * (step - _warmupSteps) / (double)Math.Max(1, _totalSteps - _warmupSteps),
            // PyTorch's MultiStepLR: gamma once for every milestone reached.
            ScheduleKind.MultiStep => Math.Pow(c.StepGamma, _milestones.Count(m => m <= epoch)),
            // PyTorch's ExponentialLR stepped once an epoch.
            ScheduleKind.Exponential => Math.Pow(c.ExponentialGamma, epoch),
            ScheduleKind.WarmRestarts => Cosine(RestartProgress((double)step / _stepsPerEpoch)),
            _ => throw new ArgumentOutOfRangeException(nameof(step), $"unknown schedule {c.Schedule}"),
        };
    }

    /// <summary>The multiplier at every step, 0..<see cref="TotalSteps"/>−1 (a curve to draw).</summary>
    public double[] Curve() => [.. Enumerable.Range(0, _totalSteps).Select(Multiplier)];

    /// <summary>Half a cosine from 1 at <paramref name="progress"/> 0 down to <see cref="RunConfig.FinalLrFraction"/> at 1.</summary>
    private double Cosine(double progress) =>
        _config.FinalLrFraction + (1 - _config.FinalLrFraction) * 0.5 * (1 + Math.Cos(Math.PI * progress));

    /// <summary>
    /// SGDR (Loshchilov &amp; Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR, arXiv
    /// 1608.03983, eq. 5): T_cur / T_i, where the first period lasts T_0 = <see cref="RunConfig.RestartEpochs"/>
    /// epochs, each next one T_mult = <see cref="RunConfig.RestartMultiplier"/> times longer, and T_cur counts
    /// fractional epochs since the last restart (the paper updates it every batch).
    /// </summary>
    private double RestartProgress(double epochs)
    {
        double period = _config.RestartEpochs;
        if (_config.RestartMultiplier == 1)
        {
            return epochs % period / period;
        }
        // Periods grow geometrically, so this loop runs about log_Tmult(epochs / T_0) times.
        var t = epochs;
        while (t >= period)
        {
            t -= period;
            period *= _config.RestartMultiplier;
        }
        return t / period;
    }
}

namespace CifarLab.Contract;

/// <summary>One invalid field: <see cref="Field"/> is the <see cref="RunConfig"/> property name.</summary>
public sealed record ConfigError(string Field, string Message);

/// <summary>Thrown by <see cref="RunConfigValidator.EnsureValid"/>; lists every invalid field.</summary>
public sealed class InvalidRunConfigException : ArgumentException
{
    public InvalidRunConfigException(IReadOnlyList<ConfigError> errors)
        : base("Invalid run configuration:" + System.Environment.NewLine +
               string.Join(System.Environment.NewLine, errors.Select(e => $"  {e.Field}: {e.Message}"))) => Errors = errors;

    public InvalidRunConfigException() => Errors = [];
    public InvalidRunConfigException(string message) : base(message) => Errors = [];
    public InvalidRunConfigException(string message, Exception inner) : base(message, inner) => Errors = [];

    public IReadOnlyList<ConfigError> Errors { get; }
}

/// <summary>
/// The single gate for run configs: the CLI, the web form and the REST API all call it. Each option's own rule
/// (range, choices, syntax) comes from <see cref="RunOptions"/>; the rules that tie options together live here.
/// </summary>
public static class RunConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(RunConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var errors = RunOptions.All
            .Select(o => o.Check(c) is { } message ? new ConfigError(o.Name, message) : null)
            .OfType<ConfigError>()
            .ToList();
        if (TextRules.CheckIdentifier(c.Preset, TextLimits.Preset) is { } preset)
        {
            errors.Add(new ConfigError(nameof(c.Preset), preset));
        }
        if (ModelSpecs.TryGet(c.Model ?? "", out var model))
        {
            errors.AddRange(model.Check(c.Norm, c.Dropout).Select(e => new ConfigError(e.Field, e.Message)));
        }
        if (c.Nesterov && c.Optimizer is OptimizerKind.Sgd or OptimizerKind.Muon && c.Momentum <= 0)
        {
            errors.Add(new ConfigError(nameof(c.Nesterov), "Nesterov momentum needs Momentum > 0; set a momentum or turn Nesterov off."));
        }
        if (c.Nesterov && c.Optimizer == OptimizerKind.Muon && c.MuonMomentum <= 0)
        {
            errors.Add(new ConfigError(nameof(c.MuonMomentum), "Nesterov momentum needs MuonMomentum > 0; set one or turn Nesterov off."));
        }
        if (c.EmaDecay > 0 && c.LookaheadEvery > 0)
        {
            errors.Add(new ConfigError(nameof(c.LookaheadEvery), "choose either EMA (EmaDecay > 0) or lookahead (LookaheadEvery > 0), not both."));
        }
        if (c.ScaleMin > c.ScaleMax)
        {
            errors.Add(new ConfigError(nameof(c.ScaleMax), FormattableString.Invariant($"the scale range must not be reversed: ScaleMax ({c.ScaleMax:R}) is below ScaleMin ({c.ScaleMin:R}); set ScaleMax at least ScaleMin.")));
        }
        if (c.Schedule == ScheduleKind.MultiStep && string.IsNullOrWhiteSpace(c.Milestones))
        {
            errors.Add(new ConfigError(nameof(c.Milestones), $"the multi-step schedule needs milestones; allowed: {Milestones.Allowed}."));
        }
        if (ValidationSplitProblem(c) is { } split)
        {
            errors.Add(new ConfigError(nameof(c.ValidationImages), split));
        }
        if (c.EarlyStopPatience > 0 && c.ValidationImages == 0)
        {
            errors.Add(new ConfigError(nameof(c.EarlyStopPatience), "early stopping watches the validation accuracy, never the test set: set ValidationImages (e.g. 5000) or turn EarlyStopPatience off (0)."));
        }
        return errors;
    }

    /// <summary>The full CIFAR-10 training set; the validation split is taken from it, or from its first TrainLimit images.</summary>
    public const int FullTrainImages = 50_000;

    private static string? ValidationSplitProblem(RunConfig c)
    {
        var pool = c.TrainLimit > 0 ? Math.Min(c.TrainLimit, FullTrainImages) : FullTrainImages;
        return c.ValidationImages > 0 && c.ValidationImages >= pool
            ? FormattableString.Invariant($"the validation split is taken from the {pool} training images (TrainLimit) and must leave some to train on: set ValidationImages below {pool}, or raise TrainLimit.")
            : null;
    }

    public static RunConfig EnsureValid(RunConfig c)
    {
        var errors = Validate(c);
        return errors.Count == 0 ? c : throw new InvalidRunConfigException(errors);
    }
}

using System.Globalization;
using CifarLab.Training.Environment;
using CifarLab.Training.Models;

namespace CifarLab.Training.Training;

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
/// The single gate for run configs: the CLI, the web form and the REST API all call it, so the
/// allowed ranges live in one place (<see cref="RunConfigLimits"/>).
/// </summary>
public static class RunConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(RunConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var errors = new List<ConfigError>();
        void Range(string field, double value, double min, double max, bool minExclusive = false)
        {
            var low = minExclusive ? value <= min : value < min;
            if (double.IsNaN(value) || low || value > max)
            {
                var lower = minExclusive ? $"greater than {Fmt(min)}" : $"at least {Fmt(min)}";
                errors.Add(new ConfigError(field, $"must be {lower} and at most {Fmt(max)} (got {Fmt(value)})."));
            }
        }

        if (!ModelCatalog.TryGet(c.Model ?? "", out var model))
        {
            errors.Add(new ConfigError(nameof(c.Model), $"unknown model '{c.Model}'. Allowed: {string.Join(", ", ModelCatalog.All.Select(m => m.Name))}."));
        }
        else
        {
            if (!model.SupportedNorms.Contains(c.Norm))
            {
                errors.Add(new ConfigError(nameof(c.Norm), $"{model.Name} does not support '{c.Norm}' normalization. Allowed: {string.Join(", ", model.SupportedNorms)}."));
            }
            if (c.Dropout > 0 && !model.SupportsDropout)
            {
                errors.Add(new ConfigError(nameof(c.Dropout), $"{model.Name} has no dropout layer; use 0."));
            }
        }
        var L = RunConfigLimits.Default;
        Range(nameof(c.Width), c.Width, L.MinWidth, L.MaxWidth);
        Range(nameof(c.Dropout), c.Dropout, 0, 0.9);
        Range(nameof(c.LearningRate), c.LearningRate, 0, 100, minExclusive: true);
        Range(nameof(c.Momentum), c.Momentum, 0, 0.999);
        Range(nameof(c.WeightDecay), c.WeightDecay, 0, 10);
        Range(nameof(c.LabelSmoothing), c.LabelSmoothing, 0, 0.9);
        Range(nameof(c.NormLrMultiplier), c.NormLrMultiplier, 0, 1000, minExclusive: true);
        Range(nameof(c.MuonLearningRate), c.MuonLearningRate, 0, 100, minExclusive: true);
        Range(nameof(c.MuonMomentum), c.MuonMomentum, 0, 0.999);
        Range(nameof(c.Epochs), c.Epochs, 1, L.MaxEpochs);
        Range(nameof(c.BatchSize), c.BatchSize, 1, L.MaxBatchSize);
        Range(nameof(c.WarmupFraction), c.WarmupFraction, 0, 0.9);
        Range(nameof(c.InitialLrFraction), c.InitialLrFraction, 0, 1);
        Range(nameof(c.FinalLrFraction), c.FinalLrFraction, 0, 1);
        Range(nameof(c.StepEpochs), c.StepEpochs, 1, L.MaxEpochs);
        Range(nameof(c.StepGamma), c.StepGamma, 0, 1, minExclusive: true);
        Range(nameof(c.CropPadding), c.CropPadding, 0, 8);
        Range(nameof(c.Cutout), c.Cutout, 0, 32);
        Range(nameof(c.EmaDecay), c.EmaDecay, 0, 0.99999);
        Range(nameof(c.LookaheadEvery), c.LookaheadEvery, 0, 1000);
        Range(nameof(c.TrainLimit), c.TrainLimit, 0, 50_000);
        Range(nameof(c.TestLimit), c.TestLimit, 0, 10_000);
        Range(nameof(c.EvalEvery), c.EvalEvery, 1, L.MaxEpochs);
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
        if (!DeviceSelector.IsWellFormed(c.Device))
        {
            errors.Add(new ConfigError(nameof(c.Device), $"unknown device '{c.Device}'. Allowed: auto, cpu, cuda, cuda:N."));
        }
        CheckEnums(c, errors);
        return errors;
    }

    public static RunConfig EnsureValid(RunConfig c)
    {
        var errors = Validate(c);
        return errors.Count == 0 ? c : throw new InvalidRunConfigException(errors);
    }

    private static void CheckEnums(RunConfig c, List<ConfigError> errors)
    {
        void Check<T>(string field, T value) where T : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                errors.Add(new ConfigError(field, $"'{value}' is not allowed. Allowed: {string.Join(", ", Enum.GetNames<T>())}."));
            }
        }
        Check(nameof(c.Optimizer), c.Optimizer);
        Check(nameof(c.Schedule), c.Schedule);
        Check(nameof(c.Norm), c.Norm);
        Check(nameof(c.PadMode), c.PadMode);
        Check(nameof(c.Flip), c.Flip);
        Check(nameof(c.Tta), c.Tta);
        Check(nameof(c.Loss), c.Loss);
        Check(nameof(c.Precision), c.Precision);
    }

    private static string Fmt(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>Upper bounds for user-settable sizes; one place so docs, forms and errors agree.</summary>
public sealed record RunConfigLimits(int MaxEpochs, int MaxBatchSize, double MinWidth, double MaxWidth)
{
    public static readonly RunConfigLimits Default = new(MaxEpochs: 1000, MaxBatchSize: 4096, MinWidth: 0.25, MaxWidth: 4);
}

using System.Globalization;

namespace CifarLab.Contract;

/// <summary>
/// A run produced a NaN or infinite number (loss, weights or evaluation) or could not start from finite weights.
/// The message names what went non-finite first, the step and the learning rate, and what to try.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    private const string Advice =
        "Try a lower learning rate, a longer warmup, batch normalization, or float32 precision if this run used half precision.";

    /// <param name="epoch">1-based epoch in which it happened.</param>
    /// <param name="step">1-based global step whose loss (or update) was non-finite.</param>
    /// <param name="what">What became non-finite, e.g. "the training loss" or "the test loss".</param>
    /// <param name="value">The non-finite value seen.</param>
    /// <param name="cause">What went non-finite first (a parameter, a layer, the loss), or null when unknown.</param>
    public TrainingDivergedException(int epoch, int step, string what, double value, double learningRate, string? cause)
        : base(Explain(epoch, step, what, value, learningRate, cause))
    {
        Epoch = epoch;
        Step = step;
        Loss = value;
        Cause = cause;
    }

    public TrainingDivergedException() : this("Training diverged.") { }

    public TrainingDivergedException(string message) : base(message) { }

    public TrainingDivergedException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Checked before the first step: training cannot start from weights that are already NaN/inf.</summary>
    public static TrainingDivergedException NonFiniteStart(string state) =>
        new($"Training cannot start: the initial weights are not finite: {state}. " +
            "For airbench's whitening stem this means the training images gave a degenerate patch covariance; " +
            "check that the dataset holds real, varied images (see `cifarlab doctor`).");

    public int Epoch { get; }

    public int Step { get; }

    /// <summary>The non-finite value that stopped the run.</summary>
    public double Loss { get; } = double.NaN;

    /// <summary>What went non-finite first, when it could be found.</summary>
    public string? Cause { get; }

    private static string Explain(int epoch, int step, string what, double value, double learningRate, string? cause) =>
        string.Create(CultureInfo.InvariantCulture, $"Training diverged in epoch {epoch} (step {step}): {what} became {Describe(value)}. ")
        + (cause is null ? "" : $"First non-finite: {cause}. ")
        + string.Create(CultureInfo.InvariantCulture, $"The learning rate was {learningRate:G3}. {Advice}");

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
}

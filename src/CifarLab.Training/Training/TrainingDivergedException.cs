using System.Globalization;

namespace CifarLab.Training.Training;

/// <summary>
/// The training loss became NaN or infinite. From there on every weight is garbage, so the Trainer stops instead
/// of "completing" a run at chance accuracy, and saves no checkpoint of the broken epoch (the last good one stays
/// the newest, so nothing a user saved is overwritten with NaNs).
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int epoch, int step, double loss, double learningRate)
        : base(Explain(epoch, step, loss, learningRate))
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
    }

    public TrainingDivergedException() : this(0, 0, double.NaN, double.NaN) { }

    public TrainingDivergedException(string message) : base(message) { }

    public TrainingDivergedException(string message, Exception inner) : base(message, inner) { }

    /// <summary>1-based epoch in which the loss stopped being finite.</summary>
    public int Epoch { get; }

    /// <summary>Global step count when it was noticed (the check rides on the progress reports).</summary>
    public int Step { get; }

    public double Loss { get; }

    private static string Explain(int epoch, int step, double loss, double learningRate) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Training diverged in epoch {epoch} (step {step}): the training loss became {Describe(loss)}. The learning rate was {learningRate:G3}. Try a lower learning rate, a longer warmup, batch normalization, or float32 precision if this run used float16.");

    private static string Describe(double loss) => double.IsNaN(loss) ? "NaN" : loss > 0 ? "+infinity" : "-infinity";
}

using CifarLab.Training.Training;

namespace CifarLab.Training.Models;

/// <summary>
/// Knobs shared by every catalog architecture. Each <see cref="ModelInfo"/> says which values it
/// accepts; <see cref="ModelInfo.Create"/> rejects the rest with an <see cref="ArgumentException"/>.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>Multiplier on every hidden channel / unit count (rounded to the nearest integer, at least 1).</summary>
    public double Width { get; init; } = 1.0;

    /// <summary>Normalization after each convolution. "Layer" means GroupNorm with one group (over C, H, W).</summary>
    public NormKind Norm { get; init; } = NormKind.Batch;

    /// <summary>Dropout probability before the classifier (AlexNet: before each hidden FC layer); 0 = none.</summary>
    public double Dropout { get; init; }

    public int NumClasses { get; init; } = 10;
}

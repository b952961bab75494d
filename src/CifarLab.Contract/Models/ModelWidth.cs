namespace CifarLab.Contract;

/// <summary>How the width multiplier (<see cref="RunOptions.Width"/>) scales an architecture's channel and unit counts.</summary>
public static class ModelWidth
{
    /// <summary>Scales a published channel / unit count by the width multiplier: nearest integer (halves away from
    /// zero), at least 1. The engine builds every scaled layer with this, and the parameter formulas count with it.</summary>
    public static int Scale(int baseCount, double width) =>
        Math.Max(1, (int)Math.Round(baseCount * width, MidpointRounding.AwayFromZero));
}

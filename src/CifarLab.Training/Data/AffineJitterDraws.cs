using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>
/// One epoch's per-image draws of rotation angle, zoom factor and colour-jitter factors (each only when its option is
/// on, in that order), and their application to a batch (<see cref="RandomAffine"/>, then <see cref="ColorJitter"/>).
/// <see cref="TrainAugmenter"/> draws them after its crop, flip and cutout draws, so runs without these options draw
/// exactly what they drew before.
/// </summary>
internal sealed class AffineJitterDraws : IDisposable
{
    private readonly Tensor? _degrees, _scales, _brightness, _contrast, _saturation;

    // The draws outlive the dispose scope they were drawn in: this object owns them.
    private AffineJitterDraws(Tensor? degrees, Tensor? scales, Tensor? brightness, Tensor? contrast, Tensor? saturation) =>
        (_degrees, _scales, _brightness, _contrast, _saturation) = (degrees?.DetachFromDisposeScope(), scales?.DetachFromDisposeScope(),
            brightness?.DetachFromDisposeScope(), contrast?.DetachFromDisposeScope(), saturation?.DetachFromDisposeScope());

    /// <summary>The draws of <paramref name="options"/>, or null when none of them is on.</summary>
    /// <param name="uniform">Draws one value per image uniformly from [low, high) with the augmenter's generator.</param>
    public static AffineJitterDraws? Draw(AugmentOptions options, Func<double, double, Tensor> uniform)
    {
        if (!options.Affine && !options.Jitter)
        {
            return null;
        }
        var degrees = options.Rotation > 0 ? uniform(-options.Rotation, options.Rotation) : null;
        var scales = options.ScaleMin != 1 || options.ScaleMax != 1 ? uniform(options.ScaleMin, options.ScaleMax) : null;
        return new AffineJitterDraws(degrees, scales,
            Factors(options.Brightness, uniform), Factors(options.Contrast, uniform), Factors(options.Saturation, uniform));
    }

    /// <summary>torchvision's ColorJitter range for strength s: [max(0, 1 − s), 1 + s]; null when s is 0.</summary>
    private static Tensor? Factors(double strength, Func<double, double, Tensor> uniform) =>
        strength > 0 ? uniform(Math.Max(0, 1 - strength), 1 + strength) : null;

    /// <summary>Normalized float [B,C,H,W] images <paramref name="indices"/> of the epoch, rotated, zoomed and jittered; a new tensor.</summary>
    public Tensor Apply(Tensor x, Tensor indices)
    {
        using var scope = NewDisposeScope();
        var b = indices.shape[0];
        if (_degrees is not null || _scales is not null)
        {
            x = RandomAffine.Apply(x,
                _degrees?.index_select(0, indices) ?? zeros(b, device: x.device),
                _scales?.index_select(0, indices) ?? ones(b, device: x.device));
        }
        if (_brightness is not null || _contrast is not null || _saturation is not null)
        {
            x = ColorJitter.ApplyNormalized(x, _brightness?.index_select(0, indices), _contrast?.index_select(0, indices),
                _saturation?.index_select(0, indices));
        }
        return x.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _degrees?.Dispose();
        _scales?.Dispose();
        _brightness?.Dispose();
        _contrast?.Dispose();
        _saturation?.Dispose();
    }
}

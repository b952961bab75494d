using CifarLab.Training.Training;

namespace CifarLab.Training.Data;

/// <summary>
/// Training-set augmentation. <paramref name="CropPadding"/>: random translation by up to that many pixels
/// (0 = off); <paramref name="Cutout"/>: side of the zeroed square (0 = off); <paramref name="Rotation"/>: largest
/// angle in degrees either way (0 = off); <paramref name="ScaleMin"/>..<paramref name="ScaleMax"/>: zoom factor range
/// (1..1 = off); <paramref name="Brightness"/>, <paramref name="Contrast"/>, <paramref name="Saturation"/>: colour
/// jitter strengths s, factors drawn from [max(0, 1 − s), 1 + s] (0 = off). See <see cref="TrainAugmenter"/>.
/// </summary>
public sealed record AugmentOptions(
    int CropPadding, PadMode PadMode, FlipMode Flip, int Cutout,
    double Rotation = 0, double ScaleMin = 1, double ScaleMax = 1,
    double Brightness = 0, double Contrast = 0, double Saturation = 0)
{
    /// <summary>Whether any rotation or zoom is drawn (one affine resampling per image).</summary>
    public bool Affine => Rotation > 0 || ScaleMin != 1 || ScaleMax != 1;

    /// <summary>Whether any colour jitter is drawn.</summary>
    public bool Jitter => Brightness > 0 || Contrast > 0 || Saturation > 0;

    /// <summary>No augmentation at all.</summary>
    public static AugmentOptions None { get; } = new(0, PadMode.Reflect, FlipMode.None, 0);

    public static AugmentOptions FromConfig(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new AugmentOptions(config.CropPadding, config.PadMode, config.Flip, config.Cutout,
            config.Rotation, config.ScaleMin, config.ScaleMax, config.Brightness, config.Contrast, config.Saturation);
    }
}

using CifarLab.Training.Training;

namespace CifarLab.Training.Data;

/// <summary>
/// Training-set augmentation. <paramref name="CropPadding"/>: random translation by up to that many pixels
/// (0 = off); <paramref name="Cutout"/>: side of the zeroed square (0 = off).
/// </summary>
public sealed record AugmentOptions(int CropPadding, PadMode PadMode, FlipMode Flip, int Cutout)
{
    /// <summary>No augmentation at all.</summary>
    public static AugmentOptions None { get; } = new(0, PadMode.Reflect, FlipMode.None, 0);

    public static AugmentOptions FromConfig(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new AugmentOptions(config.CropPadding, config.PadMode, config.Flip, config.Cutout);
    }
}

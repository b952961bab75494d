namespace CifarLab.Contract;

/// <summary>
/// What a run's training augmentation does to the first <see cref="Images"/> training images, drawn <see cref="Draws"/>
/// times: each image as stored (<see cref="Originals"/>) and each draw of it (<see cref="Png"/>), all PNG.
/// </summary>
/// <param name="Augmented">Draw-major: draw d of image i is at d x Images + i.</param>
public sealed record AugmentationSamples(int Images, int Draws, IReadOnlyList<byte[]> Originals, IReadOnlyList<byte[]> Augmented)
{
    /// <summary>The most images and draws one preview renders (a picture to look at, not a data export).</summary>
    public const int MaxImages = 16, MaxDraws = 8, MaxScale = 8;

    public byte[] Png(int draw, int image) => Augmented[draw * Images + image];
}

using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>
/// Pictures of what a config's training augmentation does: a <see cref="TrainAugmenter"/> over a few images with a
/// CPU generator seeded by the run's seed, as the trainer builds its own, and draw d taken as its epoch d, back in bytes.
/// </summary>
public static class AugmentationPreview
{
    /// <summary>uint8 [draws, N, 3, H, W]: draw d is <see cref="TrainAugmenter.AugmentEpoch"/>(d) of
    /// <paramref name="uint8Images"/> (uint8 [N,3,H,W]), turned back into bytes (<see cref="CifarStats.ToUint8"/>).</summary>
    public static Tensor Draw(Tensor uint8Images, AugmentOptions options, int seed, int draws)
    {
        ArgumentNullException.ThrowIfNull(uint8Images);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        using var augmenter = TrainAugmenter.FromBytes(options, uint8Images, generator);
        var pictures = Enumerable.Range(0, draws).Select(d => CifarStats.ToUint8(augmenter.AugmentEpoch(d))).ToArray();
        return stack(pictures).MoveToOuterDisposeScope();
    }

    /// <summary>The first <paramref name="images"/> of <paramref name="train"/>, as stored and drawn
    /// <paramref name="draws"/> times under <paramref name="config"/>'s augmentation, as PNG.</summary>
    public static AugmentationSamples Render(CifarSplit train, RunConfig config, int images, int draws, int scale)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(images, Math.Min(AugmentationSamples.MaxImages, train.Count));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(draws, AugmentationSamples.MaxDraws);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, AugmentationSamples.MaxScale);
        using var scope = NewDisposeScope();
        var first = train.Images.narrow(0, 0, images);
        var drawn = Draw(first, AugmentOptions.FromConfig(config), config.Seed, draws);
        var originals = Enumerable.Range(0, images).Select(i => Png(first[i], scale)).ToList();
        var augmented = new List<byte[]>(draws * images);
        for (var d = 0; d < draws; d++)
        {
            for (var i = 0; i < images; i++)
            {
                augmented.Add(Png(drawn[d, i], scale));
            }
        }
        return new AugmentationSamples(images, draws, originals, augmented);
    }

    private static byte[] Png(Tensor image, int scale) =>
        PngEncoder.EncodeRgbPlanes(image.contiguous().bytes, CifarLayout.ImageSize, CifarLayout.ImageSize, scale);
}

using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Data;

/// <summary>The form's augmentation preview shows exactly what the training augmenter draws for the run's seed.</summary>
public sealed class AugmentationPreviewTests
{
    private static readonly RunConfig Augmented = new()
    {
        Seed = 11, CropPadding = 4, PadMode = PadMode.Reflect, Flip = FlipMode.Random, Cutout = 8, Rotation = 15, ScaleMin = 0.9, ScaleMax = 1.1,
        Brightness = 0.2, Contrast = 0.2, Saturation = 0.2,
    };

    private static readonly RunConfig Off = new()
    {
        CropPadding = 0, Flip = FlipMode.None, Cutout = 0, Rotation = 0, ScaleMin = 1, ScaleMax = 1, Brightness = 0, Contrast = 0, Saturation = 0,
    };

    private static CifarSplit Split(int n)
    {
        var images = randint(0, 256, [n, 3, 32, 32], ScalarType.Byte, generator: new Generator().manual_seed(5));
        return new CifarSplit(images, zeros(n, ScalarType.Int64));
    }

    [Fact]
    public void Each_draw_is_the_augmenters_epoch_for_the_runs_seed()
    {
        using var scope = NewDisposeScope();
        using var split = Split(6);
        var options = AugmentOptions.FromConfig(Augmented);

        var preview = AugmentationPreview.Draw(split.Images, options, Augmented.Seed, draws: 3);

        using var generator = new Generator((ulong)Augmented.Seed, CPU);
        using var augmenter = TrainAugmenter.FromBytes(options, split.Images, generator);
        for (var d = 0; d < 3; d++)
        {
            Assert.True(TensorAssert.Same(CifarStats.ToUint8(augmenter.AugmentEpoch(d)), preview[d]), $"draw {d}");
        }
        Assert.False(TensorAssert.Same(preview[0], preview[1]));
        Assert.False(TensorAssert.Same(preview[0], split.Images));
    }

    [Fact]
    public void The_same_seed_gives_the_same_pictures_and_another_seed_others()
    {
        using var split = Split(4);

        var a = AugmentationPreview.Render(split, Augmented, images: 4, draws: 2, scale: 2);
        var b = AugmentationPreview.Render(split, Augmented, images: 4, draws: 2, scale: 2);
        var c = AugmentationPreview.Render(split, Augmented with { Seed = 12 }, images: 4, draws: 2, scale: 2);

        Assert.Equal(a.Augmented, b.Augmented);
        Assert.NotEqual(a.Augmented, c.Augmented);
        Assert.Equal(8, a.Augmented.Count);
    }

    [Fact]
    public void With_augmentation_off_every_draw_is_the_original()
    {
        using var split = Split(3);

        var samples = AugmentationPreview.Render(split, Off, images: 3, draws: 4, scale: 1);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(CifarDataset.ImagePng(split, i), samples.Originals[i]);
            for (var d = 0; d < 4; d++)
            {
                Assert.Equal(samples.Originals[i], samples.Png(d, i));
            }
        }
    }

    [Fact]
    public void Counts_beyond_the_limits_are_refused()
    {
        using var split = Split(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationPreview.Render(split, Off, images: 3, draws: 1, scale: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationPreview.Render(split, Off, images: 1, draws: AugmentationSamples.MaxDraws + 1, scale: 1));
    }
}

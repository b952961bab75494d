using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Data;

/// <summary>Rotation, zoom and colour jitter: each transform against its definition, and the augmenter's use of them.</summary>
public sealed class AffineJitterAugmentationTests
{
    private static readonly float[] AnglesZeroAndNinety = [0, 90];
    private static readonly float[] HalfAndDouble = [0.5f, 2f];
    private static readonly long[] SomeIndices = [7, 2, 11];

    private static Generator Seeded(long seed) => new Generator().manual_seed(seed);

    private static Tensor Normal(int n, long seed) => randn([n, 3, 32, 32], generator: Seeded(seed));

    private static Tensor Unit(int n, long seed) => rand([n, 3, 32, 32], generator: Seeded(seed));

    private static double MaxDifference(Tensor a, Tensor b) => a.sub(b).abs().max().item<float>();

    private static Tensor Full(int n, double value) => full([n], value, ScalarType.Float32);

    [Fact]
    public void Rotation_by_0_at_scale_1_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var x = Normal(4, 1);
        Assert.True(MaxDifference(RandomAffine.Apply(x, Full(4, 0), Full(4, 1)), x) < 1e-5);
    }

    [Fact]
    public void Rotation_by_90_degrees_is_a_counter_clockwise_rot90_and_by_minus_90_the_other_way()
    {
        using var scope = NewDisposeScope();
        var x = Normal(3, 2);
        // rot90 over (H, W) with k = 1 turns the picture counter-clockwise as displayed (row 0 at the top).
        Assert.True(MaxDifference(RandomAffine.Apply(x, Full(3, 90), Full(3, 1)), x.rot90(1, (2, 3))) < 1e-4);
        Assert.True(MaxDifference(RandomAffine.Apply(x, Full(3, -90), Full(3, 1)), x.rot90(-1, (2, 3))) < 1e-4);
        Assert.True(MaxDifference(RandomAffine.Apply(x, Full(3, 180), Full(3, 1)), x.flip(2, 3)) < 1e-4);
    }

    [Fact]
    public void Each_image_gets_its_own_angle()
    {
        using var scope = NewDisposeScope();
        var x = Normal(2, 3);
        var y = RandomAffine.Apply(x, tensor(AnglesZeroAndNinety), Full(2, 1));
        Assert.True(MaxDifference(y[0], x[0]) < 1e-5);
        Assert.True(MaxDifference(y[1], x[1].rot90(1, (1, 2))) < 1e-4);
    }

    [Fact]
    public void Zooming_out_by_half_shrinks_the_image_into_the_middle_and_fills_the_border_with_zero()
    {
        using var scope = NewDisposeScope();
        var x = ones(1, 3, 32, 32);
        var y = RandomAffine.Apply(x, Full(1, 0), Full(1, 0.5));
        // The content now covers the middle 16x16 pixels; outside it lies the mean colour (0 when normalized).
        Assert.Equal(0.0, y[.., .., 0..7, ..].abs().max().item<float>(), 6);
        Assert.Equal(0.0, y[.., .., .., 25..32].abs().max().item<float>(), 6);
        Assert.True(MaxDifference(y[.., .., 9..23, 9..23], ones(1, 3, 14, 14)) < 1e-5);
    }

    [Fact]
    public void Zooming_in_by_two_shows_the_middle_half_enlarged()
    {
        using var scope = NewDisposeScope();
        // A horizontal ramp: zooming in by 2 about the centre halves its slope.
        var ramp = arange(32, ScalarType.Float32).view(1, 1, 1, 32).expand(1, 3, 32, 32).contiguous();
        var y = RandomAffine.Apply(ramp, Full(1, 0), Full(1, 2));
        var slope = y[0, 0, 16, 20].item<float>() - y[0, 0, 16, 19].item<float>();
        Assert.Equal(0.5, slope, 4);
        Assert.Equal(15.5, (y[0, 0, 16, 15].item<float>() + y[0, 0, 16, 16].item<float>()) / 2, 4);
    }

    [Fact]
    public void Brightness_scales_pixels_and_clamps_to_the_unit_range()
    {
        using var scope = NewDisposeScope();
        var x = Unit(2, 4);
        var y = ColorJitter.Apply(x, tensor(HalfAndDouble), null, null);
        Assert.True(MaxDifference(y[0], x[0].mul(0.5)) < 1e-6);
        Assert.True(MaxDifference(y[1], x[1].mul(2).clamp(0, 1)) < 1e-6);
    }

    [Fact]
    public void Contrast_0_gives_the_mean_grey_and_saturation_0_the_greyscale()
    {
        using var scope = NewDisposeScope();
        var x = Unit(2, 5);
        var grey = x[.., 0..1].mul(0.299).add(x[.., 1..2].mul(0.587)).add(x[.., 2..3].mul(0.114));
        var flat = ColorJitter.Apply(x, null, Full(2, 0), null);
        Assert.True(MaxDifference(flat, grey.mean([1, 2, 3], keepdim: true).expand_as(x)) < 1e-6);
        var desaturated = ColorJitter.Apply(x, null, null, Full(2, 0));
        Assert.True(MaxDifference(desaturated, grey.expand_as(x)) < 1e-6);
    }

    [Fact]
    public void Factors_of_1_change_nothing_and_normalized_images_round_trip()
    {
        using var scope = NewDisposeScope();
        var x = Unit(3, 6);
        Assert.True(MaxDifference(ColorJitter.Apply(x, Full(3, 1), Full(3, 1), Full(3, 1)), x) < 1e-6);
        var bytes = randint(0, 256, [3, 3, 32, 32], ScalarType.Byte, generator: Seeded(6));
        var normalized = CifarStats.Normalize(bytes, CPU);
        var same = ColorJitter.ApplyNormalized(normalized, Full(3, 1), Full(3, 1), Full(3, 1));
        Assert.True(TensorAssert.Same(CifarStats.ToUint8(same), bytes));
    }

    private static AugmentOptions AllOn => new(4, PadMode.Reflect, FlipMode.Random, 8,
        Rotation: 15, ScaleMin: 0.9, ScaleMax: 1.1, Brightness: 0.4, Contrast: 0.4, Saturation: 0.4);

    [Fact]
    public void With_every_option_on_the_same_seed_gives_the_same_epochs_and_another_seed_does_not()
    {
        using var scope = NewDisposeScope();
        var bytes = randint(0, 256, [16, 3, 32, 32], ScalarType.Byte, generator: Seeded(7));
        using var a = TrainAugmenter.FromBytes(AllOn, bytes, Seeded(11));
        using var b = TrainAugmenter.FromBytes(AllOn, bytes, Seeded(11));
        using var c = TrainAugmenter.FromBytes(AllOn, bytes, Seeded(12));
        var a0 = a.AugmentEpoch(0);
        Assert.True(TensorAssert.Same(a0, b.AugmentEpoch(0)));
        Assert.False(TensorAssert.Same(a0, c.AugmentEpoch(0)));
        Assert.True(TensorAssert.Same(a.AugmentEpoch(1), b.AugmentEpoch(1)));
        Assert.True(a0.isfinite().all().item<bool>());
        // Values stay those of 0..255 pixels normalized (jitter clamps to the unit range).
        var unit = CifarStats.ToUint8(a0).to_type(ScalarType.Float32);
        Assert.InRange(unit.mean().item<float>(), 60, 200);
    }

    [Fact]
    public void Batches_are_the_epochs_images_with_every_option_on()
    {
        using var scope = NewDisposeScope();
        var bytes = randint(0, 256, [12, 3, 32, 32], ScalarType.Byte, generator: Seeded(8));
        using var a = TrainAugmenter.FromBytes(AllOn, bytes, Seeded(3));
        using var b = TrainAugmenter.FromBytes(AllOn, bytes, Seeded(3));
        var epoch = a.AugmentEpoch(0);
        using var plan = b.BeginEpoch(0);
        var indices = tensor(SomeIndices);
        Assert.True(MaxDifference(plan.Batch(indices), epoch.index_select(0, indices)) < 1e-5);
    }

    [Fact]
    public void Options_left_off_draw_nothing_more_from_the_generator()
    {
        using var scope = NewDisposeScope();
        var bytes = randint(0, 256, [10, 3, 32, 32], ScalarType.Byte, generator: Seeded(9));
        var options = new AugmentOptions(4, PadMode.Reflect, FlipMode.Random, 8);
        var used = Seeded(21);
        using (var augmenter = TrainAugmenter.FromBytes(options, bytes, used))
        using (augmenter.BeginEpoch(0))
        {
        }
        // Crop rows and columns, flips, cutout tops and lefts: the draws of the existing operations alone.
        var replay = Seeded(21);
        randint(9, [10], ScalarType.Int64, generator: replay);
        randint(9, [10], ScalarType.Int64, generator: replay);
        rand([10], ScalarType.Float32, generator: replay);
        randint(32, [10], ScalarType.Int64, generator: replay);
        randint(32, [10], ScalarType.Int64, generator: replay);
        Assert.True(TensorAssert.Same(rand([5], generator: used), rand([5], generator: replay)));
    }

    [Fact]
    public void Rotation_alone_changes_images_and_keeps_their_statistics()
    {
        using var scope = NewDisposeScope();
        var x = Normal(64, 10);
        using var augmenter = new TrainAugmenter(new AugmentOptions(0, PadMode.Reflect, FlipMode.None, 0, Rotation: 30), x, Seeded(4));
        var y = augmenter.AugmentEpoch(0);
        Assert.False(TensorAssert.Same(x, y));
        // Bilinear resampling averages neighbours and fills corners with 0: the spread shrinks, the mean stays near 0.
        Assert.InRange(y.mean().item<float>(), -0.05, 0.05);
        Assert.InRange(y.std().item<float>(), 0.3, 1.0);
    }

    [Fact]
    public void Invalid_rotation_scale_and_jitter_are_rejected()
    {
        using var images = Normal(2, 1);
        using var generator = Seeded(1);
        AugmentOptions Plain() => new(0, PadMode.Reflect, FlipMode.None, 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainAugmenter(Plain() with { Rotation = 181 }, images, generator));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainAugmenter(Plain() with { ScaleMin = 1.2, ScaleMax = 1.1 }, images, generator));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainAugmenter(Plain() with { ScaleMin = 0 }, images, generator));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainAugmenter(Plain() with { Saturation = -0.1 }, images, generator));
        using var wide = zeros(2, 3, 32, 40);
        Assert.Throws<ArgumentException>(() => new TrainAugmenter(Plain() with { Rotation = 10 }, wide, generator));
    }

    [Fact]
    public void Options_come_from_the_run_config()
    {
        var options = AugmentOptions.FromConfig(new RunConfig
        {
            Rotation = 12, ScaleMin = 0.8, ScaleMax = 1.25, Brightness = 0.1, Contrast = 0.2, Saturation = 0.3,
        });
        Assert.Equal((12.0, 0.8, 1.25, 0.1, 0.2, 0.3),
            (options.Rotation, options.ScaleMin, options.ScaleMax, options.Brightness, options.Contrast, options.Saturation));
        Assert.False(AugmentOptions.FromConfig(new RunConfig()).Affine);
        Assert.False(AugmentOptions.FromConfig(new RunConfig()).Jitter);
    }
}

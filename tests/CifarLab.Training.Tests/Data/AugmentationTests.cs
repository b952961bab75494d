using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Data;

public sealed class AugmentationTests
{
    /// <summary>Every pixel of every image distinct: value = n*10000 + c*1024 + y*32 + x (exact in float32).</summary>
    private static Tensor Coded(int n)
    {
        using var scope = NewDisposeScope();
        var pixel = arange(3 * 32 * 32, ScalarType.Float32).view(1, 3, 32, 32);
        var offset = arange(n, ScalarType.Float32).mul(10000).view(n, 1, 1, 1);
        return pixel.add(offset).MoveToOuterDisposeScope();
    }

    private static Generator Seeded(long seed) => new Generator().manual_seed(seed);

    [Fact]
    public void Normalize_uses_the_published_statistics_and_inverts_exactly()
    {
        using var scope = NewDisposeScope();
        var bytes = randint(0, 256, [4, 3, 32, 32], ScalarType.Byte, generator: Seeded(1));
        bytes[0, 0, 0, 0] = tensor((byte)0);
        bytes[0, 2, 0, 1] = tensor((byte)255);
        var x = CifarStats.Normalize(bytes, CPU);
        Assert.Equal(ScalarType.Float32, x.dtype);
        Assert.Equal(new long[] { 4, 3, 32, 32 }, x.shape);
        Assert.Equal(-0.4914 / 0.2470, x[0, 0, 0, 0].item<float>(), 4);
        Assert.Equal((1 - 0.4465) / 0.2616, x[0, 2, 0, 1].item<float>(), 4);
        Assert.True(TensorAssert.Same(CifarStats.ToUint8(x), bytes));
    }

    [Fact]
    public void Epoch_output_is_a_new_tensor_of_the_same_shape()
    {
        using var scope = NewDisposeScope();
        var images = Coded(8);
        using var augmenter = new TrainAugmenter(new AugmentOptions(4, PadMode.Reflect, FlipMode.Random, 8), images, Seeded(1));
        var a = augmenter.AugmentEpoch(0);
        Assert.Equal(images.shape, a.shape);
        Assert.Equal(ScalarType.Float32, a.dtype);
        a.zero_();
        Assert.True(TensorAssert.Same(images, Coded(8)));
        Assert.Equal(8, augmenter.Count);
    }

    [Fact]
    public void Same_seed_gives_the_same_epochs_and_another_seed_does_not()
    {
        using var scope = NewDisposeScope();
        var images = Coded(32);
        var options = new AugmentOptions(4, PadMode.Reflect, FlipMode.Random, 8);
        using var a = new TrainAugmenter(options, images, Seeded(123));
        using var b = new TrainAugmenter(options, images, Seeded(123));
        using var c = new TrainAugmenter(options, images, Seeded(124));
        var a0 = a.AugmentEpoch(0);
        var a1 = a.AugmentEpoch(1);
        Assert.True(TensorAssert.Same(a0, b.AugmentEpoch(0)));
        Assert.True(TensorAssert.Same(a1, b.AugmentEpoch(1)));
        Assert.False(TensorAssert.Same(a0, a1));
        Assert.False(TensorAssert.Same(a0, c.AugmentEpoch(0)));
    }

    [Theory]
    [InlineData(PadMode.Reflect, FlipMode.None)]
    [InlineData(PadMode.Zero, FlipMode.None)]
    [InlineData(PadMode.Reflect, FlipMode.Alternating)]
    [InlineData(PadMode.Zero, FlipMode.Random)]
    public void Crop_returns_a_window_of_the_padded_image_shifted_by_at_most_the_padding(PadMode mode, FlipMode flip)
    {
        using var scope = NewDisposeScope();
        const int n = 256, p = 4;
        var images = Coded(n);
        var padded = nn.functional.pad(images, (p, p, p, p), mode == PadMode.Reflect ? PaddingModes.Reflect : PaddingModes.Constant);
        using var augmenter = new TrainAugmenter(new AugmentOptions(p, mode, flip, 0), images, Seeded(7));
        var output = augmenter.AugmentEpoch(0);

        var shifts = new HashSet<(long, long)>();
        var mirrored = 0;
        for (var i = 0; i < n; i++)
        {
            var image = output[i];
            // Neighbouring centre pixels are never padding; their order tells whether the window was mirrored.
            if (image[0, 16, 17].item<float>() < image[0, 16, 16].item<float>())
            {
                image = image.flip(-1);
                mirrored++;
            }
            // The centre pixel's code gives the shift; the whole window must then match.
            var code = (long)image[0, 16, 16].item<float>() - i * 10000;
            long dy = 16 - code / 32, dx = 16 - code % 32;
            Assert.InRange(dy, -p, p);
            Assert.InRange(dx, -p, p);
            var window = padded[i].narrow(1, p - dy, 32).narrow(2, p - dx, 32);
            Assert.True(TensorAssert.Same(window, image), $"image {i} is not the padded window at shift ({dy},{dx})");
            shifts.Add((dy, dx));
        }
        Assert.True(shifts.Count > 40, $"only {shifts.Count} distinct shifts");
        Assert.Contains(shifts, s => Math.Abs(s.Item1) == p);
        Assert.Contains(shifts, s => Math.Abs(s.Item2) == p);
        if (flip == FlipMode.None)
        {
            Assert.Equal(0, mirrored);
        }
        else
        {
            Assert.InRange(mirrored, 80, 176);
        }
    }

    [Fact]
    public void Alternating_flip_flips_complementary_halves_on_consecutive_epochs()
    {
        using var scope = NewDisposeScope();
        const int n = 200;
        var images = Coded(n);
        var mirrored = images.flip(-1);
        using var augmenter = new TrainAugmenter(new AugmentOptions(0, PadMode.Reflect, FlipMode.Alternating, 0), images, Seeded(3));
        var flipped = new bool[3][];
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var output = augmenter.AugmentEpoch(epoch);
            var isFlipped = output.eq(mirrored).all(1).all(1).all(1);
            var isPlain = output.eq(images).all(1).all(1).all(1);
            Assert.True(isFlipped.logical_xor(isPlain).all().item<bool>(), "every image is either unchanged or mirrored");
            flipped[epoch] = isFlipped.data<bool>().ToArray();
        }
        Assert.All(Enumerable.Range(0, n), i => Assert.NotEqual(flipped[0][i], flipped[1][i]));
        Assert.Equal(flipped[0], flipped[2]);
        Assert.InRange(flipped[0].Count(f => f), 60, 140);
    }

    [Fact]
    public void Random_flip_mirrors_about_half_independently_each_epoch()
    {
        using var scope = NewDisposeScope();
        const int n = 400;
        var images = Coded(n);
        var mirrored = images.flip(-1);
        using var augmenter = new TrainAugmenter(new AugmentOptions(0, PadMode.Reflect, FlipMode.Random, 0), images, Seeded(5));
        var e0 = augmenter.AugmentEpoch(0).eq(mirrored).all(1).all(1).all(1);
        var e1 = augmenter.AugmentEpoch(1).eq(mirrored).all(1).all(1).all(1);
        Assert.InRange(e0.sum().item<long>(), 140, 260);
        // Independent draws: neither identical nor complementary.
        var same = e0.eq(e1).sum().item<long>();
        Assert.InRange(same, 140, 260);
    }

    [Fact]
    public void Cutout_zeroes_one_square_per_image_clipped_only_at_the_border()
    {
        using var scope = NewDisposeScope();
        const int n = 300, size = 8;
        var images = ones(n, 3, 32, 32);
        using var augmenter = new TrainAugmenter(new AugmentOptions(0, PadMode.Reflect, FlipMode.None, size), images, Seeded(9));
        var zero = augmenter.AugmentEpoch(0).eq(0);
        Assert.True(TensorAssert.Same(zero[.., 0], zero[.., 1]) && TensorAssert.Same(zero[.., 0], zero[.., 2]), "same square in every channel");

        var plane = zero[.., 0];
        var rows = plane.any(2);
        var cols = plane.any(1);
        var counts = plane.sum([1, 2]).data<long>().ToArray();
        var heights = rows.sum(1).data<long>().ToArray();
        var widths = cols.sum(1).data<long>().ToArray();
        var rowFlags = rows.data<bool>().ToArray();
        var colFlags = cols.data<bool>().ToArray();
        int full = 0, clipped = 0;
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(heights[i] * widths[i], counts[i]); // a filled rectangle
            Assert.InRange(heights[i], 1, size);
            Assert.InRange(widths[i], 1, size);
            var r = rowFlags.AsSpan(i * 32, 32);
            var c = colFlags.AsSpan(i * 32, 32);
            var inside = !r[0] && !r[31] && !c[0] && !c[31];
            if (inside)
            {
                Assert.Equal(size * size, counts[i]);
                full++;
            }
            else if (counts[i] < size * size)
            {
                clipped++;
            }
        }
        Assert.True(full > 100 && clipped > 20, $"{full} full, {clipped} clipped");
    }

    [Fact]
    public void Augmenter_keeps_working_after_the_caller_disposes_its_images()
    {
        var images = Coded(4);
        using var expected = images.clone();
        using var augmenter = new TrainAugmenter(new AugmentOptions(0, PadMode.Reflect, FlipMode.None, 0), images, Seeded(1));
        images.Dispose();
        using var output = augmenter.AugmentEpoch(0);
        Assert.True(TensorAssert.Same(output, expected));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        using var images = Coded(2);
        using var generator = Seeded(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainAugmenter(new AugmentOptions(32, PadMode.Reflect, FlipMode.None, 0), images, generator));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainAugmenter(new AugmentOptions(0, PadMode.Reflect, FlipMode.None, 33), images, generator));
        using var bytes = zeros([2, 3, 32, 32], ScalarType.Byte);
        Assert.Throws<ArgumentException>(() => new TrainAugmenter(AugmentOptions.None, bytes, generator));
    }

    [Fact]
    public void Translate_and_flip_move_pixels_where_expected()
    {
        using var scope = NewDisposeScope();
        var x = Coded(2);
        var shifted = ImageTransforms.Translate(x, 1, -2, PadMode.Zero);
        Assert.True(TensorAssert.Same(shifted[.., .., 1.., ..30], x[.., .., ..31, 2..]));
        Assert.Equal(0, shifted[.., .., 0, ..].abs().sum().item<float>());
        Assert.Equal(0, shifted[.., .., .., 30..].abs().sum().item<float>());

        var reflected = ImageTransforms.Translate(x, 1, 0);
        Assert.True(TensorAssert.Same(reflected[.., .., 0], x[.., .., 1]));
        Assert.True(TensorAssert.Same(ImageTransforms.Translate(x, 0, 0), x));

        var mirrored = TrainAugmenter.FlipHorizontal(x);
        Assert.Equal(x[1, 2, 5, 0].item<float>(), mirrored[1, 2, 5, 31].item<float>());
        Assert.True(TensorAssert.Same(ImageTransforms.FlipHorizontal(mirrored), x));
    }
}

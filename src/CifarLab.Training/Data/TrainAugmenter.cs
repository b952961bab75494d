using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>
/// Whole-epoch training augmentation as batched tensor ops on the images' device: random crop, horizontal
/// flip, cutout, applied in that order. Randomness comes from the given generator, drawn in call order,
/// so the same seed and the same sequence of calls give the same images.
/// <list type="bullet">
/// <item>Crop: translate each image by a random −p..p pixels on each axis, as in airbench (Keller Jordan 2024,
/// "94% on CIFAR-10 in 3.29 seconds on a single GPU", arXiv 2404.00498), which pads once with reflection and
/// crops random windows. Here the padding is folded into index arithmetic (a reflected or out-of-range source
/// row/column per output pixel), which gives exactly the windows of the padded images without storing a
/// padded copy. Zero padding pads the normalized tensor, i.e. with the mean colour.</item>
/// <item>Flip: Random flips each image with probability 1/2 every epoch; Alternating is airbench's scheme:
/// a fixed random half is flipped on even epochs and the complementary half on odd epochs, so every image
/// is seen both ways in any two consecutive epochs.</item>
/// <item>Cutout (DeVries &amp; Taylor 2017, arXiv 1708.04552): a size×size square centred at a uniformly random
/// pixel is set to zero (the mean colour after normalization), clipped where it crosses the border.</item>
/// </list>
/// Crop and flip together are one gather over the images (per-image row and column index tables), so an
/// epoch costs about one pass over the data whatever the padding.
/// </summary>
public sealed class TrainAugmenter : IDisposable
{
    private readonly AugmentOptions _options;
    private readonly Generator _generator;
    private readonly Device _device;
    private readonly long _count;
    private readonly long _channels;
    private readonly long _height;
    private readonly long _width;
    // An alias of the caller's images: shares their memory but stays valid if the caller disposes its handle.
    private readonly Tensor _images;
    private readonly Tensor? _fixedFlip;

    /// <param name="options">What to apply.</param>
    /// <param name="normalizedImages">Float [N,C,H,W] (see <see cref="CifarStats.Normalize"/>); read, never modified.</param>
    /// <param name="generator">Source of randomness; it may live on the CPU while the images are on CUDA.</param>
    public TrainAugmenter(AugmentOptions options, Tensor normalizedImages, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(normalizedImages);
        ArgumentNullException.ThrowIfNull(generator);
        if (normalizedImages.ndim != 4 || !normalizedImages.is_floating_point())
        {
            throw new ArgumentException($"Expected float [N,C,H,W]; got {normalizedImages.dtype} [{string.Join(",", normalizedImages.shape)}].", nameof(normalizedImages));
        }
        _count = normalizedImages.shape[0];
        _channels = normalizedImages.shape[1];
        _height = normalizedImages.shape[2];
        _width = normalizedImages.shape[3];
        var limit = Math.Min(_height, _width);
        // Reflection can mirror at most size−1 pixels, the same limit as PyTorch's reflect padding.
        if (options.CropPadding < 0 || options.CropPadding >= limit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Crop padding {options.CropPadding} must be 0..{limit - 1}.");
        }
        if (options.Cutout < 0 || options.Cutout > limit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Cutout size {options.Cutout} must be 0..{limit}.");
        }
        _options = options;
        _generator = generator;
        _device = normalizedImages.device;

        using var scope = NewDisposeScope();
        _images = normalizedImages.alias().DetachFromDisposeScope();
        if (options.Flip == FlipMode.Alternating)
        {
            _fixedFlip = CoinFlips().DetachFromDisposeScope();
        }
    }

    public int Count => checked((int)_count);

    /// <summary>A new float [N,C,H,W] tensor: this epoch's augmented copy of every image, in the original order.</summary>
    public Tensor AugmentEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        using var scope = NewDisposeScope();
        var p = _options.CropPadding;
        // Source row/column of every output pixel, per image: [N,H] and [N,W].
        var rows = arange(_height, ScalarType.Int64, _device).unsqueeze(0).expand(_count, _height);
        var cols = arange(_width, ScalarType.Int64, _device).unsqueeze(0).expand(_count, _width);
        if (p > 0)
        {
            rows = rows.add(RandomInts(2 * p + 1).sub_(p).unsqueeze(1));
            cols = cols.add(RandomInts(2 * p + 1).sub_(p).unsqueeze(1));
        }
        var flip = _options.Flip switch
        {
            FlipMode.Random => CoinFlips(),
            FlipMode.Alternating => epoch % 2 == 0 ? _fixedFlip! : _fixedFlip!.logical_not(),
            _ => null,
        };
        if (flip is not null)
        {
            // Mirroring the cropped window reverses the order of its source columns.
            cols = where(flip.unsqueeze(1), cols.flip(1), cols);
        }

        Tensor x;
        if (p == 0 && flip is null)
        {
            x = _images.clone();
        }
        else
        {
            Tensor? outside = null;
            if (_options.PadMode == PadMode.Reflect)
            {
                rows = Reflect(rows, _height);
                cols = Reflect(cols, _width);
            }
            else if (p > 0)
            {
                outside = OutOfRange(rows, _height).unsqueeze(2).logical_or(OutOfRange(cols, _width).unsqueeze(1)).unsqueeze(1);
                rows = rows.clamp(0, _height - 1);
                cols = cols.clamp(0, _width - 1);
            }
            x = _images[
                arange(_count, ScalarType.Int64, _device).view(_count, 1, 1, 1),
                arange(_channels, ScalarType.Int64, _device).view(1, _channels, 1, 1),
                rows.view(_count, 1, _height, 1),
                cols.view(_count, 1, 1, _width)];
            if (outside is not null)
            {
                x.masked_fill_(outside, 0.0);
            }
        }
        if (_options.Cutout > 0)
        {
            x.masked_fill_(CutoutMask(), 0.0);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Same as <see cref="ImageTransforms.FlipHorizontal"/>.</summary>
    public static Tensor FlipHorizontal(Tensor x) => ImageTransforms.FlipHorizontal(x);

    /// <summary>Same as <see cref="ImageTransforms.Translate"/>.</summary>
    public static Tensor Translate(Tensor x, int dy, int dx, PadMode mode = PadMode.Reflect) => ImageTransforms.Translate(x, dy, dx, mode);

    public void Dispose()
    {
        _images.Dispose();
        _fixedFlip?.Dispose();
    }

    /// <summary>Reflection without repeating the edge, as PyTorch's reflect padding: −k → k, size−1+k → size−1−k.</summary>
    private static Tensor Reflect(Tensor index, long size)
    {
        var folded = index.abs();
        return where(folded.gt(size - 1), folded.neg().add_(2 * (size - 1)), folded);
    }

    private static Tensor OutOfRange(Tensor index, long size) => index.lt(0).logical_or_(index.ge(size));

    private Tensor CutoutMask()
    {
        var size = _options.Cutout;
        var top = RandomInts(_height).sub_(size / 2).unsqueeze(1);
        var left = RandomInts(_width).sub_(size / 2).unsqueeze(1);
        var rows = arange(_height, ScalarType.Int64, _device).unsqueeze(0);
        var cols = arange(_width, ScalarType.Int64, _device).unsqueeze(0);
        var rowIn = rows.ge(top).logical_and_(rows.lt(top.add(size)));
        var colIn = cols.ge(left).logical_and_(cols.lt(left.add(size)));
        // [N,1,H,1] & [N,1,1,W] → [N,1,H,W], broadcast over channels by masked_fill_.
        return rowIn.view(_count, 1, _height, 1).logical_and(colIn.view(_count, 1, 1, _width));
    }

    // Draws happen on the generator's device (a CPU generator cannot feed CUDA kernels), then move over.
    private Tensor RandomInts(long high) =>
        randint(high, [_count], ScalarType.Int64, _generator.device, generator: _generator).to(_device);

    private Tensor CoinFlips() =>
        rand([_count], ScalarType.Float32, _generator.device, generator: _generator).lt(0.5).to(_device);
}

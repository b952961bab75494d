using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>
/// Whole-epoch training augmentation as batched tensor ops on the images' device: random crop, horizontal
/// flip, rotation and zoom, colour jitter, cutout, applied in that order. Randomness comes from the given generator, drawn in call order,
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
/// <item>Rotation and zoom: one bilinear affine resampling per image (<see cref="RandomAffine"/>), angle uniform in
/// ±<see cref="AugmentOptions.Rotation"/> degrees, zoom uniform in <see cref="AugmentOptions.ScaleMin"/>..
/// <see cref="AugmentOptions.ScaleMax"/>.</item>
/// <item>Colour jitter: brightness, contrast, saturation with per-image factors (<see cref="ColorJitter"/>).</item>
/// </list>
/// Crop and flip together are one gather over the images (per-image row and column index tables), so an
/// epoch costs about one pass over the data whatever the padding.
/// Per batch: <see cref="BeginEpoch"/> draws an epoch's randomness (index tables, flips, cutout corners: small
/// tensors) and <see cref="EpochAugmentation.Batch"/> gathers only a batch's images. Over uint8 images
/// (<see cref="FromBytes"/>) the batch is normalized after the gather, so a run holds its training set as bytes and
/// never a float32 copy of it (4 bytes a pixel) or of an augmented epoch; since normalization is elementwise, a batch
/// has exactly the values the same images normalized first and gathered after would have.
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
    private readonly bool _bytes;
    private readonly Tensor? _fixedFlip;

    /// <param name="options">What to apply.</param>
    /// <param name="normalizedImages">Float [N,C,H,W] (see <see cref="CifarStats.Normalize"/>); read, never modified.</param>
    /// <param name="generator">Source of randomness; it may live on the CPU while the images are on CUDA.</param>
    public TrainAugmenter(AugmentOptions options, Tensor normalizedImages, Generator generator)
        : this(options, normalizedImages, generator, bytes: false)
    {
    }

    /// <summary>An augmenter over uint8 [N,3,H,W] images (CIFAR's own bytes) whose batches come out normalized
    /// (<see cref="CifarStats.Normalize"/>) float32.</summary>
    public static TrainAugmenter FromBytes(AugmentOptions options, Tensor uint8Images, Generator generator) =>
        new(options, uint8Images, generator, bytes: true);

    private TrainAugmenter(AugmentOptions options, Tensor images, Generator generator, bool bytes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(generator);
        var normalizedImages = images;
        if (bytes ? images.ndim != 4 || images.dtype != ScalarType.Byte : images.ndim != 4 || !images.is_floating_point())
        {
            throw new ArgumentException($"Expected {(bytes ? "uint8" : "float")} [N,C,H,W]; got {images.dtype} [{string.Join(",", images.shape)}].", nameof(images));
        }
        _bytes = bytes;
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
        CheckAffineAndJitter(options, _channels, _height, _width);
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

    /// <summary>A new float [N,C,H,W] tensor: this epoch's augmented copy of every image, in the original order
    /// (normalized when the images are bytes). The same images as <see cref="BeginEpoch"/>'s batches.</summary>
    public Tensor AugmentEpoch(int epoch)
    {
        using var scope = NewDisposeScope();
        using var plan = BeginEpoch(epoch);
        return plan.Batch(arange(_count, ScalarType.Int64, _device)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Draws epoch <paramref name="epoch"/>'s randomness (crop offsets, flips, cutout corners; in that order, the
    /// order <see cref="AugmentEpoch"/> always drew them; then angles, zooms and jitter factors of the options that are
    /// on) and returns what gathers its batches. Dispose it at the end
    /// of the epoch.
    /// </summary>
    public EpochAugmentation BeginEpoch(int epoch)
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

        var gather = p > 0 || flip is not null;
        Tensor? rowsOutside = null, colsOutside = null;
        if (gather)
        {
            if (_options.PadMode == PadMode.Reflect)
            {
                rows = Reflect(rows, _height);
                cols = Reflect(cols, _width);
            }
            else if (p > 0)
            {
                rowsOutside = OutOfRange(rows, _height);
                colsOutside = OutOfRange(cols, _width);
                rows = rows.clamp(0, _height - 1);
                cols = cols.clamp(0, _width - 1);
            }
        }
        Tensor? top = null, left = null;
        if (_options.Cutout > 0)
        {
            top = RandomInts(_height).sub_(_options.Cutout / 2);
            left = RandomInts(_width).sub_(_options.Cutout / 2);
        }
        var draws = AffineJitterDraws.Draw(_options, Uniform);
        return new EpochAugmentation(this, gather ? Keep(rows.contiguous()) : null, gather ? Keep(cols.contiguous()) : null,
            Keep(rowsOutside), Keep(colsOutside), Keep(top), Keep(left), draws);
    }

    private static void CheckAffineAndJitter(AugmentOptions o, long channels, long height, long width)
    {
        if (!(o.Rotation is >= 0 and <= 180))
        {
            throw new ArgumentOutOfRangeException(nameof(o), $"Rotation {o.Rotation} must be 0..180 degrees.");
        }
        if (o.Rotation > 0 && height != width)
        {
            throw new ArgumentException($"Rotation needs square images; got {height}x{width}.", nameof(o));
        }
        if (!(o.ScaleMin > 0 && o.ScaleMin <= o.ScaleMax && double.IsFinite(o.ScaleMax)))
        {
            throw new ArgumentOutOfRangeException(nameof(o), $"Scale range {o.ScaleMin}..{o.ScaleMax} must be positive and not reversed.");
        }
        foreach (var (name, s) in new[] { ("Brightness", o.Brightness), ("Contrast", o.Contrast), ("Saturation", o.Saturation) })
        {
            if (!(s is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(o), $"{name} jitter {s} must be 0..1.");
            }
        }
        if (o.Jitter && channels != 3)
        {
            throw new ArgumentException($"Colour jitter needs RGB images; got {channels} channels.", nameof(o));
        }
    }

    private static Tensor? Keep(Tensor? t) => t?.DetachFromDisposeScope();

    /// <summary>One epoch's drawn augmentation; <see cref="Batch"/> applies it to any images of the epoch.</summary>
    public sealed class EpochAugmentation : IDisposable
    {
        private readonly TrainAugmenter _a;
        private readonly Tensor? _rows, _cols, _rowsOutside, _colsOutside, _top, _left;
        private readonly AffineJitterDraws? _draws;

        internal EpochAugmentation(TrainAugmenter augmenter, Tensor? rows, Tensor? cols, Tensor? rowsOutside, Tensor? colsOutside,
            Tensor? top, Tensor? left, AffineJitterDraws? draws)
        {
            _a = augmenter;
            (_rows, _cols, _rowsOutside, _colsOutside, _top, _left, _draws) = (rows, cols, rowsOutside, colsOutside, top, left, draws);
        }

        /// <summary>The augmented images <paramref name="indices"/> (int64 [B] on the images' device): float
        /// [B,C,H,W], normalized when the images are bytes; a new tensor, the caller's.</summary>
        public Tensor Batch(Tensor indices)
        {
            ArgumentNullException.ThrowIfNull(indices);
            using var scope = NewDisposeScope();
            var b = indices.shape[0];
            long c = _a._channels, h = _a._height, w = _a._width;
            Tensor x;
            if (_rows is null || _cols is null)
            {
                x = _a._images.index_select(0, indices);
            }
            else
            {
                x = _a._images[
                    indices.view(b, 1, 1, 1),
                    arange(c, ScalarType.Int64, _a._device).view(1, c, 1, 1),
                    _rows.index_select(0, indices).view(b, 1, h, 1),
                    _cols.index_select(0, indices).view(b, 1, 1, w)];
            }
            if (_a._bytes)
            {
                x = CifarStats.Normalize(x, _a._device);
            }
            if (_rowsOutside is not null && _colsOutside is not null)
            {
                var outside = _rowsOutside.index_select(0, indices).unsqueeze(2)
                    .logical_or(_colsOutside.index_select(0, indices).unsqueeze(1)).unsqueeze(1);
                x.masked_fill_(outside, 0.0);
            }
            if (_draws is not null)
            {
                x = _draws.Apply(x, indices);
            }
            if (_top is not null && _left is not null)
            {
                x.masked_fill_(CutoutMask(_top.index_select(0, indices), _left.index_select(0, indices), b), 0.0);
            }
            return x.MoveToOuterDisposeScope();
        }

        private Tensor CutoutMask(Tensor top, Tensor left, long b)
        {
            var size = _a._options.Cutout;
            long h = _a._height, w = _a._width;
            var rows = arange(h, ScalarType.Int64, _a._device).unsqueeze(0);
            var cols = arange(w, ScalarType.Int64, _a._device).unsqueeze(0);
            var rowIn = rows.ge(top.unsqueeze(1)).logical_and_(rows.lt(top.add(size).unsqueeze(1)));
            var colIn = cols.ge(left.unsqueeze(1)).logical_and_(cols.lt(left.add(size).unsqueeze(1)));
            // [B,1,H,1] & [B,1,1,W] → [B,1,H,W], broadcast over channels by masked_fill_.
            return rowIn.view(b, 1, h, 1).logical_and(colIn.view(b, 1, 1, w));
        }

        public void Dispose()
        {
            _rows?.Dispose();
            _cols?.Dispose();
            _rowsOutside?.Dispose();
            _colsOutside?.Dispose();
            _top?.Dispose();
            _left?.Dispose();
            _draws?.Dispose();
        }
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

    // Draws happen on the generator's device (a CPU generator cannot feed CUDA kernels), then move over.
    private Tensor RandomInts(long high) =>
        randint(high, [_count], ScalarType.Int64, _generator.device, generator: _generator).to(_device);

    private Tensor Uniform(double low, double high) =>
        rand([_count], ScalarType.Float64, _generator.device, generator: _generator).mul_(high - low).add_(low).to(_device);

    private Tensor CoinFlips() =>
        rand([_count], ScalarType.Float32, _generator.device, generator: _generator).lt(0.5).to(_device);
}

using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>Deterministic whole-batch transforms on [N,C,H,W] tensors, for test-time augmentation.</summary>
public static class ImageTransforms
{
    /// <summary>Mirror image left-right (new tensor).</summary>
    public static Tensor FlipHorizontal(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.flip(-1);
    }

    /// <summary>
    /// Shifts content by <paramref name="dy"/> rows down and <paramref name="dx"/> columns right
    /// (out[y,x] = in[y−dy, x−dx]), filling the uncovered border by reflection or zeros. As in airbench's
    /// test-time augmentation (Keller Jordan 2024, arXiv 2404.00498), which averages ±1-pixel translations.
    /// </summary>
    public static Tensor Translate(Tensor x, int dy, int dx, PadMode mode = PadMode.Reflect)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ndim != 4)
        {
            throw new ArgumentException($"Expected [N,C,H,W]; got [{string.Join(",", x.shape)}].", nameof(x));
        }
        var p = Math.Max(Math.Abs(dy), Math.Abs(dx));
        if (p == 0)
        {
            return x.clone();
        }
        long h = x.shape[2], w = x.shape[3];
        if (p >= Math.Min(h, w))
        {
            throw new ArgumentOutOfRangeException(nameof(dy), $"A shift of {p} pixels must be smaller than the image ({h}x{w}).");
        }
        using var scope = NewDisposeScope();
        var padded = Pad(x, p, mode);
        return padded.narrow(2, p - dy, h).narrow(3, p - dx, w).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Pads the two image axes by <paramref name="p"/> on every side.</summary>
    internal static Tensor Pad(Tensor x, long p, PadMode mode) =>
        nn.functional.pad(x, (p, p, p, p), mode == PadMode.Reflect ? PaddingModes.Reflect : PaddingModes.Constant, 0.0);
}

using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>
/// Colour jitter with per-image factors, as torchvision's ColorJitter defines each adjustment (and as Krizhevsky et
/// al. 2012 motivate colour augmentation: object identity does not change with illumination): brightness scales the
/// image; contrast blends it with its mean grey level; saturation blends it with its own greyscale (ITU-R BT.601 luma,
/// 0.299 R + 0.587 G + 0.114 B); every step clamps to 0..1. Factor 1 leaves an image as it is. Applied in that fixed
/// order (torchvision shuffles the order per call).
/// </summary>
internal static class ColorJitter
{
    /// <summary>Normalized images (<see cref="CifarStats.Normalize"/>) in, normalized images out: the jitter runs on the
    /// 0..1 pixel values.</summary>
    /// <param name="factors">Each [B] or null (that adjustment off).</param>
    public static Tensor ApplyNormalized(Tensor normalized, Tensor? brightness, Tensor? contrast, Tensor? saturation)
    {
        using var scope = NewDisposeScope();
        var mean = CifarStats.ChannelTensor(CifarStats.Mean, normalized.device).to_type(normalized.dtype);
        var std = CifarStats.ChannelTensor(CifarStats.Std, normalized.device).to_type(normalized.dtype);
        var unit = Apply(normalized.mul(std).add_(mean), brightness, contrast, saturation);
        return unit.sub_(mean).div_(std).MoveToOuterDisposeScope();
    }

    /// <summary>RGB float [B,3,H,W] with values 0..1 in, a new tensor out.</summary>
    public static Tensor Apply(Tensor unit, Tensor? brightness, Tensor? contrast, Tensor? saturation)
    {
        using var scope = NewDisposeScope();
        var x = unit;
        if (brightness is not null)
        {
            x = x.mul(PerImage(brightness, x)).clamp_(0, 1);
        }
        if (contrast is not null)
        {
            x = Blend(x, Grey(x).mean([1, 2, 3], keepdim: true), PerImage(contrast, x));
        }
        if (saturation is not null)
        {
            x = Blend(x, Grey(x), PerImage(saturation, x));
        }
        return (ReferenceEquals(x, unit) ? x.clone() : x).MoveToOuterDisposeScope();
    }

    /// <summary>[B,1,H,W] luma of [B,3,H,W] RGB.</summary>
    public static Tensor Grey(Tensor rgb) =>
        rgb.narrow(1, 0, 1).mul(0.299).add_(rgb.narrow(1, 1, 1).mul(0.587)).add_(rgb.narrow(1, 2, 1).mul(0.114));

    /// <summary>factor x image + (1 − factor) x other, clamped to 0..1.</summary>
    private static Tensor Blend(Tensor image, Tensor other, Tensor factor) =>
        image.mul(factor).add_(other.mul(factor.neg().add(1))).clamp_(0, 1);

    private static Tensor PerImage(Tensor factors, Tensor like) =>
        factors.to(like.device).to_type(like.dtype).view(-1, 1, 1, 1);
}

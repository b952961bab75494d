using CifarLab.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>Small factories every architecture shares, so norm / dropout / width rules live in one place.</summary>
internal static class Layers
{
    /// <summary>GroupNorm's default group count in Wu &amp; He, "Group Normalization" (ECCV 2018).</summary>
    private const long PreferredGroups = 32;

    /// <summary>Scales a published channel / unit count by the width multiplier (the contract's rule, which the
    /// parameter formulas count with).</summary>
    public static int Scale(int baseCount, double width) => ModelWidth.Scale(baseCount, width);

    /// <summary>
    /// The normalization after a convolution. Layer = GroupNorm(1, C), i.e. statistics over C, H, W per image
    /// (LayerNorm for conv features, as in Wu &amp; He 2018); None = identity.
    /// </summary>
    public static Module<Tensor, Tensor> Norm2d(NormKind kind, long channels) => kind switch
    {
        NormKind.Batch => BatchNorm2d(channels),
        NormKind.Layer => InitializedGroupNorm(1, channels),
        NormKind.Group => InitializedGroupNorm(GroupCount(channels), channels),
        NormKind.None => Identity(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown normalization kind."),
    };

    /// <summary>
    /// GroupNorm with PyTorch's initial affine (scale 1, shift 0). TorchSharp 0.107's GroupNorm allocates its weight
    /// and bias with torch.empty and never fills them, so without this the first forward sees garbage (often NaN).
    /// </summary>
    private static GroupNorm InitializedGroupNorm(long groups, long channels)
    {
        var norm = GroupNorm(groups, channels);
        using (no_grad())
        {
            init.ones_(norm.weight);
            init.zeros_(norm.bias!);
        }
        return norm;
    }

    /// <summary>
    /// Groups for GroupNorm: the largest divisor of <paramref name="channels"/> up to 32 that still leaves
    /// two channels per group (one channel per group would be InstanceNorm); 1 when nothing else divides.
    /// </summary>
    public static long GroupCount(long channels)
    {
        for (var g = Math.Min(PreferredGroups, channels / 2); g > 1; g--)
        {
            if (channels % g == 0) return g;
        }
        return 1;
    }

    /// <summary>A conv followed by a norm needs no bias (the contract's rule, which the parameter formulas count with).</summary>
    public static bool ConvBias(NormKind kind) => LayerParameters.ConvHasBias(kind);

    /// <summary>Dropout when p &gt; 0, otherwise an identity so the module tree does not change shape.</summary>
    public static Module<Tensor, Tensor> DropoutOrIdentity(double p) => p > 0 ? new SeededDropout(p) : Identity();
}

namespace CifarLab.Contract;

/// <summary>
/// Parameter counts of the layers the engine builds, in PyTorch's (and TorchSharp's) layout: the small vocabulary
/// the per-architecture formulas (<see cref="ParameterFormulas"/>) are written in. All parameters count, trainable and
/// frozen; buffers (BatchNorm's running statistics) are not parameters. Dropout, pools and activations have none.
/// </summary>
public static class LayerParameters
{
    /// <summary>A conv followed by a norm needs no bias: the norm subtracts the mean and adds its own shift.</summary>
    public static bool ConvHasBias(NormKind norm) => norm == NormKind.None;

    /// <summary>A k x k convolution: weight out·in·k², bias out.</summary>
    public static long Conv(long inChannels, long outChannels, long kernelSize, bool bias) =>
        outChannels * inChannels * kernelSize * kernelSize + (bias ? outChannels : 0);

    /// <summary>
    /// The norm after a convolution: BatchNorm2d and GroupNorm (Layer is GroupNorm with one group) both have an
    /// affine weight and bias per channel, whatever the group count; None is the identity.
    /// </summary>
    public static long Norm(NormKind norm, long channels) => norm == NormKind.None ? 0 : 2 * channels;

    /// <summary>The engine's conv → norm → activation unit: the conv has a bias only when no norm follows it.</summary>
    public static long ConvNorm(long inChannels, long outChannels, NormKind norm, long kernelSize = 3) =>
        Conv(inChannels, outChannels, kernelSize, ConvHasBias(norm)) + Norm(norm, outChannels);

    /// <summary>A fully connected layer: weight out·in, bias out.</summary>
    public static long Linear(long inFeatures, long outFeatures, bool bias = true) =>
        outFeatures * inFeatures + (bias ? outFeatures : 0);
}

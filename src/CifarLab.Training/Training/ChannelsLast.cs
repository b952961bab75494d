using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// The channels-last (NHWC) memory format for CPU convolutions: oneDNN's native activation layout, so libtorch skips
/// the reorders to and from its blocked layouts around every convolution that NCHW costs (measured in
/// docs/BENCHMARKS.md). TorchSharp 0.107 exposes no memory_format conversion, so <see cref="Convert"/> builds it from
/// permutes: permuted to NHWC, made contiguous and permuted back, a tensor keeps its NCHW shape with channels-last
/// strides, which is PyTorch's <c>to(memory_format=torch.channels_last)</c>.
/// Only the network's input is converted: a convolution with a channels-last input returns channels-last output and
/// pooling, batch norm, GELU, flips and reflect padding keep it, so the whole net runs NHWC. Parameters, their
/// gradients and the optimizer state stay contiguous, which TorchSharp's checkpoint formats need (they write a
/// tensor's raw memory, so a channels-last parameter would be saved in the wrong element order).
/// </summary>
public static class ChannelsLast
{
    /// <summary>A channels-last copy of the 4-D <paramref name="x"/> (same shape and values).</summary>
    public static Tensor Convert(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var nhwc = x.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        return dense.permute(0, 3, 1, 2);
    }

    /// <summary>Whether the 4-D <paramref name="x"/> is laid out channels-last (channel stride 1).</summary>
    public static bool IsChannelsLast(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4)
        {
            return false;
        }
        var s = x.stride();
        return s[1] == 1 && s[3] == x.shape[1] && s[2] == x.shape[1] * x.shape[3];
    }
}

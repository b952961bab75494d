using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// The channels-last (NHWC) memory format: oneDNN's native layout for CPU convolutions, so libtorch skips the reorders
/// to and from its blocked formats around every conv that the default NCHW layout costs. TorchSharp 0.107 exposes no
/// memory_format conversion, so this builds it from permutes: a tensor permuted to NHWC, made contiguous and permuted
/// back has NCHW shape with channels-last strides, which is exactly PyTorch's <c>to(memory_format=channels_last)</c>.
/// libtorch propagates the format: a conv with channels-last weights or input returns channels-last output, and
/// pooling, batch norm and pointwise ops keep it.
/// </summary>
public static class ChannelsLast
{
    /// <summary>Re-lays every 4-D parameter of <paramref name="model"/> out channels-last, in place: the Parameter
    /// objects stay the same, so optimizers built before or after see them alike.</summary>
    public static void Apply(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var _ = no_grad();
        foreach (var p in model.parameters().Where(p => p.dim() == 4))
        {
            using var relaid = Convert(p);
            p.set_(relaid);
        }
    }

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

using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>Per-channel statistics of the CIFAR-10 training set (the values used throughout the literature).</summary>
public static class CifarStats
{
    public static IReadOnlyList<double> Mean { get; } = [0.4914, 0.4822, 0.4465];
    public static IReadOnlyList<double> Std { get; } = [0.2470, 0.2435, 0.2616];

    /// <summary>
    /// uint8 [N,3,32,32] → float32 (x/255 − mean)/std on <paramref name="device"/>. The bytes move first
    /// (4x smaller than floats), then the arithmetic runs in place on the device.
    /// </summary>
    public static Tensor Normalize(Tensor uint8Images, Device device)
    {
        ArgumentNullException.ThrowIfNull(uint8Images);
        ArgumentNullException.ThrowIfNull(device);
        if (uint8Images.dtype != ScalarType.Byte || uint8Images.ndim != 4 || uint8Images.shape[1] != Mean.Count)
        {
            throw new ArgumentException($"Expected uint8 [N,3,H,W]; got {uint8Images.dtype} [{string.Join(",", uint8Images.shape)}].", nameof(uint8Images));
        }
        using var scope = NewDisposeScope();
        var x = uint8Images.to(device).to_type(ScalarType.Float32);
        x.div_(255.0);
        x.sub_(ChannelTensor(Mean, device));
        x.div_(ChannelTensor(Std, device));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Inverse of <see cref="Normalize"/>: float [N,3,H,W] → uint8 on the CPU (for pictures of augmented images).</summary>
    public static Tensor ToUint8(Tensor normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        using var scope = NewDisposeScope();
        var device = normalized.device;
        var x = normalized.to_type(ScalarType.Float32).mul(ChannelTensor(Std, device)).add_(ChannelTensor(Mean, device));
        var bytes = x.mul_(255.0).round_().clamp_(0, 255).to_type(ScalarType.Byte).cpu();
        return bytes.MoveToOuterDisposeScope();
    }

    /// <summary>[1,C,1,1] float32 of per-channel values (<see cref="Mean"/>, <see cref="Std"/>) on <paramref name="device"/>.</summary>
    internal static Tensor ChannelTensor(IReadOnlyList<double> values, Device device) =>
        tensor(values.Select(v => (float)v).ToArray(), device: device).view(1, values.Count, 1, 1);
}

using CifarLab.Training.Environment;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// fp16/bf16 the way airbench and cifar10-fast do it on CUDA: weights and activations in half precision,
/// normalization layers kept in float32. TorchSharp 0.107 has no autocast, so this converts the model.
/// On the CPU only bfloat16 applies, and only where the CPU runs it natively (<see cref="CpuFeatures"/>: oneDNN's
/// AVX512-BF16 / AMX kernels); float16 and emulated bfloat16 would be slower than float32 there, so those runs stay
/// float32 and say so.
/// The Trainer and the CLI's bare-step benchmark both go through here, so they train the same numbers.
/// </summary>
public static class HalfPrecision
{
    /// <summary>Converts <paramref name="model"/> for <paramref name="precision"/> on <paramref name="device"/>;
    /// returns the input type to feed it, or null where the run stays float32.</summary>
    public static ScalarType? Apply(nn.Module model, PrecisionKind precision, Device device, Action<string>? note = null) =>
        Apply(model, precision, device, CpuFeatures.HasNativeBFloat16, note);

    internal static ScalarType? Apply(nn.Module model, PrecisionKind precision, Device device, bool cpuHasBFloat16, Action<string>? note)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        if (precision == PrecisionKind.Float32)
        {
            return null;
        }
        if (device.type != DeviceType.CUDA)
        {
            if (precision == PrecisionKind.BFloat16 && cpuHasBFloat16)
            {
                ConvertKeepingNormsFloat32(model, ScalarType.BFloat16);
                note?.Invoke($"bfloat16 on the CPU ({CpuFeatures.DescribeBFloat16}): convolutions and matmuls run in bfloat16, normalization layers in float32.");
                return ScalarType.BFloat16;
            }
            note?.Invoke(precision == PrecisionKind.BFloat16
                ? $"bfloat16 needs a CPU with AVX512-BF16 or AMX ({CpuFeatures.DescribeBFloat16} here); this CPU run uses float32."
                : "float16 applies on CUDA only (CPUs have no fast float16 training path); this CPU run uses float32.");
            return null;
        }
        var type = precision == PrecisionKind.Float16 ? ScalarType.Float16 : ScalarType.BFloat16;
        ConvertKeepingNormsFloat32(model, type);
        return type;
    }

    private static void ConvertKeepingNormsFloat32(nn.Module model, ScalarType type)
    {
        model.to(type);
        foreach (var (_, module) in model.named_modules())
        {
            if (module is BatchNorm2d or GroupNorm or LayerNorm)
            {
                module.to(ScalarType.Float32);
            }
        }
    }

    /// <summary>
    /// Static loss scale for a half-precision step. float16 gradients below ~6e-5 lose precision and below ~6e-8
    /// vanish. The fp16 recipes (airbench, cifar10-fast) sum the loss over the batch, which keeps gradients a batch's
    /// worth larger; a mean loss in float16 is therefore backpropagated as loss × this factor (the largest power of two
    /// not above the batch size, so dividing back is exact) and its gradients are divided back before the optimizer
    /// step (<see cref="Backward"/>). 1 for float32, bfloat16 (float32's exponent range) and summed losses.
    /// Why it matters: without the scale ResNet-9's mean-loss recipe lost accuracy in float16 (figures in
    /// docs/BENCHMARKS.md, "History").
    /// </summary>
    public static double LossScale(ScalarType? halfType, LossReduction loss, int batchSize)
    {
        if (halfType != ScalarType.Float16 || loss != LossReduction.Mean || batchSize < 2)
        {
            return 1;
        }
        return Math.Pow(2, Math.Floor(Math.Log2(batchSize)));
    }

    /// <summary>
    /// The training step's backward pass: <c>loss × scale</c> backpropagated, then every gradient of
    /// <paramref name="parameters"/> divided by <paramref name="scale"/> so the optimizer sees the true gradient
    /// (a plain <c>loss.backward()</c> when the scale is 1). The Trainer and the bare-step benchmark both call this.
    /// </summary>
    public static void Backward(Tensor loss, double scale, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameters);
        if (scale == 1)
        {
            loss.backward();
            return;
        }
        using (var scaled = loss * scale)
        {
            scaled.backward();
        }
        using var _ = no_grad();
        foreach (var p in parameters)
        {
            p.grad?.div_(scale);
        }
    }
}

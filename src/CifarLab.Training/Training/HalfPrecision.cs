using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// fp16/bf16 on CUDA the way airbench does it: weights and activations in half precision,
/// normalization layers kept in float32. TorchSharp has no autocast, so this converts the model.
/// CPU runs always stay float32 (half is slower there and numerically worse).
/// </summary>
internal static class HalfPrecision
{
    public static ScalarType? Apply(nn.Module model, PrecisionKind precision, Device device, Action<TrainingEvent> report)
    {
        if (precision == PrecisionKind.Float32)
        {
            return null;
        }
        if (device.type != DeviceType.CUDA)
        {
            report(new PhaseChanged("precision", $"{precision} applies on CUDA only; this CPU run uses float32."));
            return null;
        }
        var type = precision == PrecisionKind.Float16 ? ScalarType.Float16 : ScalarType.BFloat16;
        model.to(type);
        foreach (var (_, module) in model.named_modules())
        {
            if (module is TorchSharp.Modules.BatchNorm2d or TorchSharp.Modules.GroupNorm or TorchSharp.Modules.LayerNorm)
            {
                module.to(ScalarType.Float32);
            }
        }
        return type;
    }
}

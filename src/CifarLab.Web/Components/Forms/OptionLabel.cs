using CifarLab.Training.Training;

namespace CifarLab.Web.Components.Forms;

/// <summary>
/// How the form's drop-downs name a setting. The option values stay the enum names (what the API and config.json
/// carry); only the words the user reads change, where the C# name is not how the field writes it.
/// </summary>
public static class OptionLabel
{
    public static string Of(Enum value) => (object)value switch
    {
        OptimizerKind.Sgd => "SGD",
        OptimizerKind.Muon => "Muon + SGD",
        ScheduleKind.OneCycle => "One-cycle",
        ScheduleKind.LinearDecay => "Linear decay",
        TtaMode.FlipTranslate => "Flip + translate",
        PrecisionKind.Float32 => "float32",
        PrecisionKind.Float16 => "float16",
        PrecisionKind.BFloat16 => "bfloat16",
        _ => value.ToString(),
    };
}

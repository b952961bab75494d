using CifarLab.Cli.Options;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Bench;

/// <summary>
/// The run config a bench measures: --preset, else the preset named like --model (airbench94, resnet9 carry their
/// published loss and optimizer settings), else the engine defaults; then every `cifarlab train` option on top.
/// Validated by the engine's validator, errors mapped back to option names as `train` does.
/// One exception: in bench, --warmup counts untimed warmup steps, so train's --warmup (the lr warmup fraction,
/// irrelevant to a speed measurement) is not applied.
/// </summary>
internal static class BenchConfig
{
    public const string WarmupOption = "--warmup";

    /// <summary>The `train` options a bench accepts: all valued ones except --warmup.</summary>
    public static IEnumerable<string> ValuedOptions => RunConfigOptions.ValuedOptions.Where(o => o != WarmupOption);

    public static (RunConfig Config, string Source) Build(ArgReader args, RunConfig? defaults = null)
    {
        var presetName = args.Get("--preset");
        Preset? preset = null;
        if (presetName is not null && !Presets.TryGet(presetName, out preset))
        {
            throw new UsageException($"--preset: unknown preset '{presetName}'. Allowed: {string.Join(", ", Presets.All.Select(p => p.Name))}.");
        }
        if (preset is null && args.Get("--model") is { } model && Presets.TryGet(model, out var byModel))
        {
            preset = byModel;
        }
        var start = preset?.Config ?? defaults ?? new RunConfig();
        var config = RunConfigOptions.Rows.Where(r => r.Option != WarmupOption).Aggregate(start, (c, row) => row.Apply(args, c));
        var errors = RunConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new UsageException(string.Join(System.Environment.NewLine,
                errors.Select(e => $"{RunConfigOptions.OptionFor(e.Field)}: {e.Message}")));
        }
        return (config, preset is null ? "defaults" : $"preset {preset.Name}");
    }
}

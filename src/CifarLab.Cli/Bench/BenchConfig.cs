using System.CommandLine;
using CifarLab.Cli.Commands;
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

    /// <summary>The `train` options a bench accepts: all except --warmup (<see cref="RunOptions.WarmupFraction"/>).</summary>
    public static void AddOptions(Command command) => RunOptionArgs.AddAll(command, RunOptions.WarmupFraction);

    public static (RunConfig Config, string Source) Build(ParseResult args, RunConfig? defaults = null)
    {
        Preset? preset = args.GetValue<string>(CliOptions.Preset) is { } presetName ? TrainCommand.PresetNamed(presetName) : null;
        if (preset is null && args.GetValue<string>(RunOptions.Model.Flag) is { } model && Presets.TryGet(model, out var byModel))
        {
            preset = byModel;
        }
        var start = preset?.Config ?? defaults ?? new RunConfig();
        var config = RunOptionArgs.Validate(RunOptionArgs.Apply(args, start));
        return (config, preset is null ? "defaults" : $"preset {preset.Name}");
    }
}

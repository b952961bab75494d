using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CifarLab.Cli.Options;
using CifarLab.Training.Checkpoints;
using CifarLab.Training.Environment;
using CifarLab.Training.Evaluation;
using CifarLab.Training.Training;
using static TorchSharp.torch;

namespace CifarLab.Cli.Commands;

/// <summary>`cifarlab eval --checkpoint PATH`: scores saved weights on the test set.</summary>
public static class EvalCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("eval", "score a saved checkpoint on the test set")
        {
            CliOptions.Text(CheckpointOption, "RUN_DIR|model.bin|model.safetensors", "the run folder or weights file to score"),
            CliOptions.JsonOption("print a one-line JSON summary on stdout (the table goes to stderr)"),
        };
        DatasetLoader.AddOptions(command);
        // The run options that matter for scoring, from the schema as `train` has them.
        RunOptionArgs.AddTo(command, [RunOptions.TestLimit, RunOptions.Tta, RunOptions.Device]);
        command.SetAction(args => Run(args, ctx));
        return command;
    }

    private const string CheckpointOption = "--checkpoint";

    private static int Run(ParseResult args, CliContext ctx)
    {
        var checkpoint = args.GetValue<string>(CheckpointOption) ?? throw new UsageException($"{CheckpointOption} is required: a run folder, a model.bin or a model.safetensors file.");
        var asked = RunOptionArgs.Apply(args, new RunConfig());
        var limit = asked.TestLimit;
        var json = args.GetValue<bool>(CliOptions.Json);
        var human = json ? ctx.Err : ctx.Out;
        var deviceArg = asked.Device;
        NativeBackend.EnsureLoaded();
        var device = DeviceSelector.Resolve(deviceArg);
        var (model, config) = CheckpointLoader.Load(checkpoint, device);
        using var _ = model;
        var tta = RunOptionArgs.Given(args, RunOptions.Tta) ? asked.Tta : config.Tta;
        using var data = DatasetLoader.Load(ctx, args, 1, limit, out var provenance);
        using var scope = NewDisposeScope();
        var x = Training.Data.CifarStats.Normalize(data.Test.Images, device);
        var y = data.Test.Labels.to(device);
        var result = Evaluator.Evaluate(model, x, y, tta, channelsLast: config.ChannelsLast);
        human.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{config.Model}: test accuracy {result.Accuracy:P2}, loss {result.Loss:F4} on {result.Count} images (TTA {tta})") +
            (provenance.Official ? "" : $" [{DatasetProvenance.UnofficialLabel}]"));
        for (var c = 0; c < result.PerClassAccuracy.Length; c++)
        {
            human.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(c < data.ClassNames.Count ? data.ClassNames[c] : c.ToString(CultureInfo.InvariantCulture)),-12}{result.PerClassAccuracy[c],8:P1}"));
        }
        if (json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(new
            {
                testAccuracy = result.Accuracy,
                officialData = provenance.Official,
                testLoss = result.Loss,
                count = result.Count,
                model = config.Model,
                tta = tta.ToString(),
                perClassAccuracy = result.PerClassAccuracy,
                dataset = provenance,
            }, TrainCommand.JsonOptions));
        }
        return ExitCodes.Ok;
    }
}

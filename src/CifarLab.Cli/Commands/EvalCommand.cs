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
    public static int Run(IReadOnlyList<string> argv, CliContext ctx)
    {
        var args = new ArgReader(argv, new HashSet<string> { "--json", "--help", DatasetLoader.AllowUnofficialOption },
            new HashSet<string> { "--checkpoint", DatasetLoader.DataOption, "--test-limit", "--tta", "--device" });
        if (args.Has("--help"))
        {
            ctx.Out.WriteLine("usage: cifarlab eval --checkpoint RUN_DIR|model.bin|model.safetensors [--data PATH] [--allow-unofficial] [--test-limit N] [--tta none|flip|flip-translate] [--device auto|cpu|cuda] [--json]");
            return ExitCodes.Ok;
        }
        var checkpoint = args.Get("--checkpoint") ?? throw new UsageException("--checkpoint is required: a run folder, a model.bin or a model.safetensors file.");
        var limit = args.Int("--test-limit", 0, 10_000) ?? 0;
        var json = args.Flag("--json");
        var human = json ? ctx.Err : ctx.Out;
        var deviceArg = args.Get("--device") ?? "auto";
        if (!DeviceName.IsWellFormed(deviceArg))
        {
            throw new UsageException($"--device: unknown device '{deviceArg}'. Allowed: auto, cpu, cuda, cuda:N.");
        }
        NativeBackend.EnsureLoaded();
        var device = DeviceSelector.Resolve(deviceArg);
        var (model, config) = CheckpointLoader.Load(checkpoint, device);
        using var _ = model;
        var tta = args.Enum<TtaMode>("--tta") ?? config.Tta;
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

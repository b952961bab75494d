using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CifarLab.Cli.Options;
using CifarLab.Cli.Output;
using CifarLab.Training.Checkpoints;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Commands;

/// <summary>`cifarlab train`: one run, a live progress bar, a per-epoch table, optional JSON summary.</summary>
public static class TrainCommand
{
    private const string OutputOption = "--output";
    private const string ResumeOption = "--resume";
    private const string DryRunOption = "--dry-run";

    public static Command Create(CliContext ctx)
    {
        var command = new Command("train", "Train a model: --preset or --config first, then every run option on top.")
        {
            CliOptions.PresetOption(),
            CliOptions.Text(CliOptions.Config, "FILE", "start from a run config JSON (e.g. a run's config.json)"),
        };
        DatasetLoader.AddOptions(command);
        command.Options.Add(CliOptions.Text(OutputOption, "DIR", "write checkpoints and final weights (model.bin, model.safetensors) here"));
        command.Options.Add(CliOptions.Switch(ResumeOption, "continue from the newest checkpoint in --output"));
        command.Options.Add(CliOptions.ThreadsOption());
        command.Options.Add(CliOptions.JsonOption("print a final one-line JSON summary on stdout (progress goes to stderr)"));
        command.Options.Add(CliOptions.Switch(DryRunOption, "print the resolved run config as JSON (what --config reads) and exit; trains nothing"));
        RunOptionArgs.AddAll(command);
        RunOptionHelp.ShowDefaultsFrom(command, StartConfig);
        command.SetAction(args => Run(args, ctx));
        return command;
    }

    private static int Run(ParseResult args, CliContext ctx)
    {
        var config = BuildConfig(args);
        if (args.GetValue<bool>(DryRunOption))
        {
            // The resolved, validated config, in the format --config reads back (and the web app's config.json).
            ctx.Out.WriteLine(config.ToJson());
            return ExitCodes.Ok;
        }
        var json = args.GetValue<bool>(CliOptions.Json);
        var human = json ? ctx.Err : ctx.Out;
        var threads = args.GetValue<int?>(CliOptions.Threads) ?? 0;
        var output = args.GetValue<string>(OutputOption) is { } o ? Path.GetFullPath(o) : null;

        var backend = NativeBackend.EnsureLoaded();
        human.WriteLine($"CifarLab train: {config.Model} ({config.Preset ?? "custom"}), {config.Epochs} epochs, batch {config.BatchSize}, {backend.Device}");
        using var data = DatasetLoader.Load(ctx, args, config.TrainLimit, config.TestLimit, out var provenance);
        var result = new Trainer().Run(config, data,
            new TrainerRunOptions { CheckpointDirectory = output, Resume = args.GetValue<bool>(ResumeOption), CpuThreads = threads },
            new ConsoleReporter(human, ctx.Interactive && !json), ctx.Cancel);
        result = CheckpointStore.AttachDataset(result, provenance);

        human.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test accuracy {result.TestAccuracy:P2} (loss {result.Test.Loss:F4}, {result.Test.Count} images) in {result.TrainSeconds:F1} s training, {result.ImagesPerSecond:F0} img/s on {result.Device}") +
            (provenance.Official ? "" : $" [{DatasetProvenance.UnofficialLabel}]"));
        if (result.ValidationAccuracy is { } validationAccuracy)
        {
            human.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"validation accuracy {validationAccuracy:P2} (loss {result.ValidationLoss:F4}, {config.ValidationImages} held-out training images)") +
                (result.StoppedEarly ? $", stopped early after epoch {result.Epochs[^1].Epoch}" : ""));
        }
        if (result.CheckpointPath is not null)
        {
            human.WriteLine($"checkpoint: {result.CheckpointPath}\nexport:     {result.ExportPath}");
        }
        if (json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(new
            {
                testAccuracy = result.TestAccuracy,
                validationAccuracy = result.ValidationAccuracy,
                validationLoss = result.ValidationLoss,
                stoppedEarly = result.StoppedEarly,
                officialData = provenance.Official,
                testLoss = result.Test.Loss,
                epochs = result.Epochs.Count,
                trainSeconds = result.TrainSeconds,
                imagesPerSecond = result.ImagesPerSecond,
                device = result.Device,
                model = config.Model,
                parameters = result.ParameterCount,
                checkpoint = result.CheckpointPath,
                export = result.ExportPath,
                perClassAccuracy = result.Test.PerClassAccuracy,
                dataset = provenance,
                history = result.Epochs.Select(e => new { e.Epoch, e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.EpochSeconds }),
            }, JsonOptions));
        }
        return ExitCodes.Ok;
    }

    /// <summary>The options of every JSON line the CLI prints: web naming, NaN/inf as null.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web).WriteNonFiniteAsNull();

    /// <summary>Preset (or config file) first, then every explicit run option on top; validated once.</summary>
    public static RunConfig BuildConfig(ParseResult args) => RunOptionArgs.Validate(RunOptionArgs.Apply(args, StartConfig(args)));

    /// <summary>What the run options apply to: --config's file, else a new config; --preset replaces either.</summary>
    public static RunConfig StartConfig(ParseResult args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new RunConfig();
        if (args.Has(CliOptions.Config) && args.GetValue<string>(CliOptions.Config) is { } file)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"--config: file '{file}' does not exist.");
            }
            try
            {
                start = RunConfig.FromJson(File.ReadAllText(file));
            }
            catch (JsonException ex)
            {
                throw new UsageException($"--config: '{file}' is not a valid run config: {ex.Message}");
            }
        }
        if (args.Has(CliOptions.Preset) && args.GetValue<string>(CliOptions.Preset) is { } name)
        {
            start = PresetNamed(name).Config;
        }
        return start;
    }

    /// <summary>The preset called <paramref name="name"/>, or a usage error listing the presets.</summary>
    public static Preset PresetNamed(string name) => Presets.TryGet(name, out var preset)
        ? preset
        : throw new UsageException($"--preset: unknown preset '{name}'. Allowed: {string.Join(", ", Presets.All.Select(p => p.Name))}.");
}

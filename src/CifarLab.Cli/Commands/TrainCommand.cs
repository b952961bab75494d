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
    private static readonly string[] OwnValued = ["--preset", DatasetLoader.DataOption, "--output", "--config", "--threads"];
    private static readonly string[] OwnFlags = ["--json", "--resume", "--dry-run", "--help", DatasetLoader.AllowUnofficialOption];

    public static int Run(IReadOnlyList<string> argv, CliContext ctx)
    {
        var args = new ArgReader(argv,
            OwnFlags.Concat(RunConfigOptions.FlagOptions).ToHashSet(),
            OwnValued.Concat(RunConfigOptions.ValuedOptions).ToHashSet());
        if (args.Has("--help"))
        {
            ctx.Out.Write(Help());
            return ExitCodes.Ok;
        }
        var config = BuildConfig(args);
        if (args.Flag("--dry-run"))
        {
            // The resolved, validated config, in the format --config reads back (and the web app's config.json).
            ctx.Out.WriteLine(config.ToJson());
            return ExitCodes.Ok;
        }
        var json = args.Flag("--json");
        var human = json ? ctx.Err : ctx.Out;
        var threads = args.Int("--threads", 1, 1024) ?? 0;
        var output = args.Get("--output") is { } o ? Path.GetFullPath(o) : null;

        var backend = NativeBackend.EnsureLoaded();
        human.WriteLine($"CifarLab train: {config.Model} ({config.Preset ?? "custom"}), {config.Epochs} epochs, batch {config.BatchSize}, {backend.Device}");
        using var data = DatasetLoader.Load(ctx, args, config.TrainLimit, config.TestLimit, out var provenance);
        var result = new Trainer().Run(config, data,
            new TrainerRunOptions { CheckpointDirectory = output, Resume = args.Flag("--resume"), CpuThreads = threads },
            new ConsoleReporter(human, ctx.Interactive && !json), ctx.Cancel);
        result = CheckpointStore.AttachDataset(result, provenance);

        human.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test accuracy {result.TestAccuracy:P2} (loss {result.Test.Loss:F4}, {result.Test.Count} images) in {result.TrainSeconds:F1} s training, {result.ImagesPerSecond:F0} img/s on {result.Device}") +
            (provenance.Official ? "" : $" [{DatasetProvenance.UnofficialLabel}]"));
        if (result.CheckpointPath is not null)
        {
            human.WriteLine($"checkpoint: {result.CheckpointPath}\nexport:     {result.ExportPath}");
        }
        if (json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(new
            {
                testAccuracy = result.TestAccuracy,
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
                history = result.Epochs.Select(e => new { e.Epoch, e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.EpochSeconds }),
            }, JsonOptions));
        }
        return ExitCodes.Ok;
    }

    /// <summary>The options of every JSON line the CLI prints: web naming, NaN/inf as null.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web).WriteNonFiniteAsNull();

    /// <summary>Preset (or config file) first, then every explicit option on top; validated once.</summary>
    public static RunConfig BuildConfig(ArgReader args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new RunConfig();
        if (args.Get("--config") is { } file)
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
        if (args.Get("--preset") is { } name)
        {
            if (!Presets.TryGet(name, out var preset))
            {
                throw new UsageException($"--preset: unknown preset '{name}'. Allowed: {string.Join(", ", Presets.All.Select(p => p.Name))}.");
            }
            start = preset.Config;
        }
        var config = RunConfigOptions.Apply(args, start);
        var errors = RunConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new UsageException(string.Join(System.Environment.NewLine,
                errors.Select(e => $"{RunConfigOptions.OptionFor(e.Field)}: {e.Message}")));
        }
        return config;
    }

    private static string Help()
    {
        var lines = new List<string>
        {
            "usage: cifarlab train [--preset NAME | --config FILE] [options]",
            "",
            "  --preset NAME         start from a preset (`cifarlab presets`)",
            "  --config FILE         start from a run config JSON (e.g. a run's config.json)",
            "  --data PATH|URL       dataset source: archive, extracted folder or URL (default: appsettings.json Dataset:Source)",
            $"  {DatasetLoader.AllowUnofficialOption,-22}accept data that is not the official CIFAR-10 files; results are labelled \"{DatasetProvenance.UnofficialLabel}\" ({DatasetOptions.AllowUnofficialSetting})",
            "  --output DIR          write checkpoints and final weights (model.bin, model.safetensors) here",
            "  --resume              continue from the newest checkpoint in --output",
            "  --threads N           CPU threads for libtorch (default: all cores)",
            "  --json                print a final one-line JSON summary on stdout (progress goes to stderr)",
            "  --dry-run             print the resolved run config as JSON (what --config reads) and exit; trains nothing",
            "",
        };
        lines.AddRange(RunConfigOptions.Rows.Select(r => $"  {r.Option,-22}{r.Help}"));
        return string.Join(System.Environment.NewLine, lines) + System.Environment.NewLine;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CifarLab.Cli.Bench;
using CifarLab.Cli.Options;
using CifarLab.Cli.Output;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Commands;

/// <summary>
/// `cifarlab bench MODE`: performance measurements of the engine. One JSON object on stdout (for scripts such as
/// bench/run.sh), a human summary on stderr.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] ConfigValued = ["--preset", .. BenchConfig.ValuedOptions];

    private static readonly Dictionary<string, (string[] Valued, string[] Flags)> ModeOptions = new()
    {
        ["throughput"] = ([.. ConfigValued, "--steps", "--warmup", "--threads"], [.. RunConfigOptions.FlagOptions, "--profile", "--help"]),
        ["epoch"] = ([.. ConfigValued, DatasetLoader.DataOption, "--warmup", "--threads"], [.. RunConfigOptions.FlagOptions, DatasetLoader.AllowUnofficialOption, "--help"]),
        ["memory"] = ([.. ConfigValued, DatasetLoader.DataOption, "--runs", "--max-slope-mib", "--threads"], [.. RunConfigOptions.FlagOptions, DatasetLoader.AllowUnofficialOption, "--help"]),
        ["export-check"] = (["--export", "--reference", "--tolerance", "--threads"], ["--help"]),
    };

    internal static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    public static int Run(IReadOnlyList<string> argv, CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentNullException.ThrowIfNull(ctx);
        if (argv.Count == 0 || argv[0] is "--help" or "-h" or "help")
        {
            ctx.Out.Write(Help);
            return argv.Count == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }
        var mode = argv[0];
        if (!ModeOptions.TryGetValue(mode, out var options))
        {
            throw new UsageException($"unknown bench mode '{mode}'. Modes: {string.Join(", ", ModeOptions.Keys)}.");
        }
        var args = new ArgReader(argv.Skip(1).ToList(), options.Flags.ToHashSet(), options.Valued.ToHashSet());
        if (args.Has("--help"))
        {
            ctx.Out.Write(Help);
            return ExitCodes.Ok;
        }
        BenchEnvironment.SetThreads(args.Int("--threads", 1, 1024));
        object result = mode switch
        {
            "throughput" => Throughput(args, ctx),
            "epoch" => Epoch(args, ctx),
            "memory" => Memory(args, ctx),
            _ => ExportCheckMode(args, ctx),
        };
        ctx.Out.WriteLine(JsonSerializer.Serialize(result, result.GetType(), JsonOptions));
        return ExitCodes.Ok;
    }

    private static ThroughputResult Throughput(ArgReader args, CliContext ctx)
    {
        var (config, source) = BenchConfig.Build(args);
        var steps = args.Int("--steps", 1, 100_000) ?? 20;
        var warmup = args.Int("--warmup", 0, 10_000) ?? 3;
        ctx.Err.WriteLine($"bench throughput: {config.Model} width {F(config.Width)} batch {config.BatchSize} ({source}), {warmup} warmup + {steps} timed steps");
        var r = ThroughputBench.Run(config, source, steps, warmup, args.Flag("--profile"));
        ctx.Err.WriteLine(Inv($"  {r.ImagesPerSecond:F1} img/s (median {r.MsPerStepMedian:F1} ms/step, mean {r.MsPerStepMean:F1}, min {r.MsPerStepMin:F1}, max {r.MsPerStepMax:F1}); {r.ImagesPerCpuSecond:F1} img per CPU-s, CPU use {r.CpuUtilization:F2}"));
        ctx.Err.WriteLine(Inv($"  {r.Parameters:N0} parameters; {r.Environment.Threads} threads on {r.Environment.Device}, load average {r.Environment.LoadAverage1}"));
        if (r.ProfileCpuMs is { } phases)
        {
            ctx.Err.WriteLine("  CPU ms per step by phase: " + string.Join(", ", phases.Select(kv => Inv($"{kv.Key} {kv.Value:F1}"))));
        }
        return r;
    }

    private static EpochResult Epoch(ArgReader args, CliContext ctx)
    {
        // One epoch unless asked otherwise: the preset's own epoch count would make this a full training run.
        var (config, source) = BenchConfig.Build(args);
        config = args.Has("--epochs") ? config : config with { Epochs = 1 };
        var warmup = args.Int("--warmup", 0, 10_000) ?? 2;
        ctx.Err.WriteLine($"bench epoch: {config.Model} width {F(config.Width)} batch {config.BatchSize} ({source}), {config.Epochs} epoch(s)");
        var load = Stopwatch.StartNew();
        using var data = DatasetLoader.Load(ctx, args, config.TrainLimit, config.TestLimit, out var provenance);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var r = EpochBench.Run(config, source, data, loadSeconds, warmup, new ConsoleReporter(ctx.Err, interactive: false), ctx.Cancel) with { Dataset = provenance };
        ctx.Err.WriteLine(Inv($"  {r.Steps} steps of {r.BatchSize}, each paired with a bare step: trainer {r.TrainLoopSeconds:F2} s ({r.TrainLoopCpuSeconds:F2} CPU-s) vs bare {r.PureComputeSeconds:F2} s ({r.PureComputeCpuSeconds:F2} CPU-s)"));
        var verdict = Inv($"target < {r.TargetPercent:F0}%{(r.WarmOverheadPercent is null ? "" : ", judged on epochs 2+")}: {(r.TrainOverheadWithinTarget ? "met" : "NOT met")}");
        ctx.Err.WriteLine(Inv($"  training-loop overhead {r.TrainOverheadCpuPercent:F1}% of CPU time, {r.TrainOverheadPercent:F1}% of wall time ({verdict}); first step {r.FirstStepOverheadCpuMs:+0;-0} CPU-ms (epoch augmentation), later steps median {r.MedianStepOverheadCpuMs:+0.0;-0.0} CPU-ms"));
        if (r.WarmOverheadPercent is { } warm && r.WarmOverheadCpuPercent is { } warmCpu)
        {
            ctx.Err.WriteLine(Inv($"  epochs 2-{r.Epochs} alone: {warmCpu:F1}% of CPU time, {warm:F1}% of wall time"));
        }
        ctx.Err.WriteLine(Inv($"  setup {r.SetupSeconds:F2} s, evaluation and the rest {r.EvalAndOtherSeconds:F2} s"));
        return r;
    }

    private static MemoryResult Memory(ArgReader args, CliContext ctx)
    {
        // A short default run: the quick preset on 2000 images for one epoch, a few seconds each.
        var quick = Presets.Get("quick").Config with { TrainLimit = 2000, TestLimit = 500, Epochs = 1 };
        var (config, source) = BenchConfig.Build(args, quick);
        source = args.Has("--preset") || args.Has("--model") ? source : "preset quick, 2000/500 images, 1 epoch";
        var runs = args.Int("--runs", 2, 10_000) ?? 20;
        var maxSlope = args.Double("--max-slope-mib") ?? 1.0;
        ctx.Err.WriteLine($"bench memory: {runs} runs of {config.Model} ({source}), {config.Epochs} epoch(s) on {config.TrainLimit} images");
        using var data = DatasetLoader.Load(ctx, args, config.TrainLimit, config.TestLimit, out var provenance);
        var r = MemoryBench.Run(config, source, data, runs, maxSlope, ctx.Err, ctx.Cancel) with { Dataset = provenance };
        ctx.Err.WriteLine(Inv($"  RSS slope {r.SlopeMiBPerRun:F2} MiB/run over runs {r.SlopeFromRun}..{runs} (limit {r.MaxSlopeMiBPerRun:F2}: {(r.Grows ? "GROWS" : "flat")}); peak RSS {r.PeakRssPerRunMiB.Max():F0} MiB, {r.SecondsPerRun:F1} s/run"));
        return r;
    }

    private static ExportCheckResult ExportCheckMode(ArgReader args, CliContext ctx)
    {
        var export = args.Get("--export") ?? throw new UsageException("--export PATH is required (a run's model.safetensors).");
        var tolerance = args.Double("--tolerance") ?? 1e-4;
        var r = ExportCheck.Run(export, args.Get("--reference"), tolerance);
        ctx.Err.WriteLine(r.MaxAbsDiff is { } d
            ? Inv($"bench export-check: {r.Model}: max |CifarLab - PyTorch| = {d:E2} (tolerance {tolerance:E0}), argmax {(r.ArgmaxAgrees == true ? "agrees" : "DIFFERS")}: {(r.Ok == true ? "ok" : "MISMATCH")}")
            : $"bench export-check: {r.Model}: logits of the fixed input written (no --reference given)");
        return r;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        // NaN stands for "not measurable here" (no /proc): written as a string so the line stays valid JSON.
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }

    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private const string Help = """
        usage: cifarlab bench MODE [options]      (JSON on stdout, summary on stderr)

        modes:
          throughput   bare train-step speed (forward, backward, optimizer step) on one random batch held on the device
                       --model NAME | --preset NAME  [--width W] [--batch-size N] [--steps N (20)] [--warmup N (3)]
                       [--profile: then as many steps again, CPU time per phase: forward, backward, optimizer, ...]
          epoch        the real Trainer (data, augmentation, eval, progress), each step paired with a bare step
                       --preset NAME | --model NAME  [--train-limit N] [--epochs N (1)] [--data PATH [--allow-unofficial]]
                       [--warmup N (2): throwaway steps before anything is timed]
          memory       RSS after each of N short Trainer runs in one process, and its slope (leak check)
                       [--runs N (20)] [--max-slope-mib X (1.0)] [--preset NAME | --model NAME ...] [--data PATH [--allow-unofficial]]
          export-check eval-mode logits of a fixed input from a model.safetensors export, compared with PyTorch's
                       --export PATH [--reference FILE (pytorch_ref.py --verify-export output)] [--tolerance X (1e-4)]

        common:
          --threads N  libtorch intra-op threads (default: one per core)
          Every `cifarlab train` option (--loss, --lr, --device, ...) also applies to throughput, epoch and memory,
          except --warmup, which here counts untimed steps; --model NAME starts from the preset of that name when
          there is one (airbench94, resnet9).

        """;
}

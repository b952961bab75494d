using System.CommandLine;
using System.CommandLine.Help;
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
    private const string StepsOption = "--steps";
    private const string ProfileOption = "--profile";
    private const string RunsOption = "--runs";
    private const string MaxSlopeOption = "--max-slope-mib";
    private const string ExportOption = "--export";
    private const string ReferenceOption = "--reference";
    private const string ToleranceOption = "--tolerance";

    internal static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("bench",
            "measure train-step speed, trainer overhead and memory: one JSON object on stdout, a summary on stderr. " +
            "throughput, epoch and memory also take every `cifarlab train` option (--loss, --lr, --device, ...) except " +
            "--warmup, which here counts untimed steps; --model NAME starts from the preset of that name when there is one " +
            "(airbench94, resnet9). `cifarlab bench MODE --help` lists a mode's options.");
        command.Subcommands.Add(Mode(ctx, "throughput",
            "bare train-step speed (forward, backward, optimizer step) on one random batch held on the device",
            Throughput, withConfig: true, withData: false,
            CliOptions.Int(StepsOption, 1, 100_000, "timed steps (default 20)"),
            CliOptions.Int(BenchConfig.WarmupOption, 0, 10_000, "untimed steps first (default 3)"),
            CliOptions.Switch(ProfileOption, "then as many steps again, CPU time per phase: forward, backward, optimizer, ...")));
        command.Subcommands.Add(Mode(ctx, "epoch",
            "the real Trainer (data, augmentation, eval, progress), each step paired with a bare step",
            Epoch, withConfig: true, withData: true,
            CliOptions.Int(BenchConfig.WarmupOption, 0, 10_000, "throwaway steps before anything is timed (default 2)")));
        command.Subcommands.Add(Mode(ctx, "memory",
            "RSS after each of N short Trainer runs in one process, and its slope (leak check)",
            Memory, withConfig: true, withData: true,
            CliOptions.Int(RunsOption, 2, 10_000, "runs (default 20)"),
            CliOptions.Number(MaxSlopeOption, "largest RSS growth per run in MiB still called flat (default 1.0)")));
        command.Subcommands.Add(Mode(ctx, "export-check",
            "eval-mode logits of a fixed input from a model.safetensors export, compared with PyTorch's",
            ExportCheckMode, withConfig: false, withData: false,
            CliOptions.Text(ExportOption, "PATH", "a run's model.safetensors"),
            CliOptions.Text(ReferenceOption, "FILE", "pytorch_ref.py --verify-export output"),
            CliOptions.Number(ToleranceOption, "largest |CifarLab - PyTorch| logit difference allowed (default 1e-4)")));
        // `cifarlab bench` alone: the modes, and a usage exit code.
        command.SetAction(args =>
        {
            new HelpAction().Invoke(args);
            return ExitCodes.Usage;
        });
        return command;
    }

    /// <summary>
    /// One mode: its own options, --threads, and with <paramref name="withConfig"/> --preset and every `cifarlab train`
    /// option except --warmup, which here counts untimed steps; --model NAME starts from the preset of that name when
    /// there is one (airbench94, resnet9).
    /// </summary>
    private static Command Mode(CliContext ctx, string name, string description, Func<ParseResult, CliContext, object> run,
        bool withConfig, bool withData, params Option[] own)
    {
        var command = new Command(name, description);
        foreach (var option in own)
        {
            command.Options.Add(option);
        }
        command.Options.Add(CliOptions.Int(CliOptions.Threads, 1, 1024, "libtorch intra-op threads (default: one per core)"));
        if (withData)
        {
            DatasetLoader.AddOptions(command);
        }
        if (withConfig)
        {
            command.Options.Add(CliOptions.PresetOption());
            BenchConfig.AddOptions(command);
        }
        command.SetAction(args =>
        {
            BenchEnvironment.SetThreads(args.GetValue<int?>(CliOptions.Threads));
            var result = run(args, ctx);
            ctx.Out.WriteLine(JsonSerializer.Serialize(result, result.GetType(), JsonOptions));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ThroughputResult Throughput(ParseResult args, CliContext ctx)
    {
        var (config, source) = BenchConfig.Build(args);
        var steps = args.GetValue<int?>(StepsOption) ?? 20;
        var warmup = args.GetValue<int?>(BenchConfig.WarmupOption) ?? 3;
        ctx.Err.WriteLine($"bench throughput: {config.Model} width {F(config.Width)} batch {config.BatchSize} ({source}), {warmup} warmup + {steps} timed steps");
        var r = ThroughputBench.Run(config, source, steps, warmup, args.GetValue<bool>(ProfileOption));
        ctx.Err.WriteLine(Inv($"  {r.ImagesPerSecond:F1} img/s (median {r.MsPerStepMedian:F1} ms/step, mean {r.MsPerStepMean:F1}, min {r.MsPerStepMin:F1}, max {r.MsPerStepMax:F1}); {r.ImagesPerCpuSecond:F1} img per CPU-s, CPU use {r.CpuUtilization:F2}"));
        ctx.Err.WriteLine(Inv($"  {r.Parameters:N0} parameters; {r.Environment.Threads} threads on {r.Environment.Device}, load average {r.Environment.LoadAverage1}"));
        if (r.ProfileCpuMs is { } phases)
        {
            ctx.Err.WriteLine("  CPU ms per step by phase: " + string.Join(", ", phases.Select(kv => Inv($"{kv.Key} {kv.Value:F1}"))));
        }
        return r;
    }

    private static EpochResult Epoch(ParseResult args, CliContext ctx)
    {
        // One epoch unless asked otherwise: the preset's own epoch count would make this a full training run.
        var (config, source) = BenchConfig.Build(args);
        config = RunOptionArgs.Given(args, RunOptions.Epochs) ? config : config with { Epochs = 1 };
        var warmup = args.GetValue<int?>(BenchConfig.WarmupOption) ?? 2;
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

    private static MemoryResult Memory(ParseResult args, CliContext ctx)
    {
        // A short default run: the quick preset on 2000 images for one epoch, a few seconds each.
        var quick = Presets.Get("quick").Config with { TrainLimit = 2000, TestLimit = 500, Epochs = 1 };
        var (config, source) = BenchConfig.Build(args, quick);
        source = args.Has(CliOptions.Preset) || RunOptionArgs.Given(args, RunOptions.Model) ? source : "preset quick, 2000/500 images, 1 epoch";
        var runs = args.GetValue<int?>(RunsOption) ?? 20;
        var maxSlope = args.GetValue<double?>(MaxSlopeOption) ?? 1.0;
        ctx.Err.WriteLine($"bench memory: {runs} runs of {config.Model} ({source}), {config.Epochs} epoch(s) on {config.TrainLimit} images");
        using var data = DatasetLoader.Load(ctx, args, config.TrainLimit, config.TestLimit, out var provenance);
        var r = MemoryBench.Run(config, source, data, runs, maxSlope, ctx.Err, ctx.Cancel) with { Dataset = provenance };
        ctx.Err.WriteLine(Inv($"  RSS slope {r.SlopeMiBPerRun:F2} MiB/run over runs {r.SlopeFromRun}..{runs} (limit {r.MaxSlopeMiBPerRun:F2}: {(r.Grows ? "GROWS" : "flat")}); peak RSS {r.PeakRssPerRunMiB.Max():F0} MiB, {r.SecondsPerRun:F1} s/run"));
        return r;
    }

    private static ExportCheckResult ExportCheckMode(ParseResult args, CliContext ctx)
    {
        var export = args.GetValue<string>(ExportOption) ?? throw new UsageException("--export PATH is required (a run's model.safetensors).");
        var tolerance = args.GetValue<double?>(ToleranceOption) ?? 1e-4;
        var r = ExportCheck.Run(export, args.GetValue<string>(ReferenceOption), tolerance);
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
}

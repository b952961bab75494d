using CifarLab.Training.Training;

namespace CifarLab.Cli.Options;

/// <summary>
/// One row per RunConfig field: its option name, help text and how to apply a value. The same
/// table drives parsing, --help, and the mapping of validation errors back to option names.
/// </summary>
public static class RunConfigOptions
{
    public sealed record Row(string Option, string Field, string Help, Func<ArgReader, RunConfig, RunConfig> Apply);

    private static Row I(string opt, string field, string help, int min, int max, Func<RunConfig, int, RunConfig> set) =>
        new(opt, field, help, (a, c) => a.Int(opt, min, max) is { } v ? set(c, v) : c);

    private static Row D(string opt, string field, string help, Func<RunConfig, double, RunConfig> set) =>
        new(opt, field, help, (a, c) => a.Double(opt) is { } v ? set(c, v) : c);

    private static Row E<T>(string opt, string field, string help, Func<RunConfig, T, RunConfig> set) where T : struct, Enum =>
        new(opt, field, $"{help} ({string.Join("|", Enum.GetNames<T>().Select(ArgReader.Kebab))})", (a, c) => a.Enum<T>(opt) is { } v ? set(c, v) : c);

    private static Row S(string opt, string field, string help, Func<RunConfig, string, RunConfig> set) =>
        new(opt, field, help, (a, c) => a.Get(opt) is { } v ? set(c, v) : c);

    private static Row B(string opt, string field, string help, Func<RunConfig, bool, RunConfig> set) =>
        new(opt, field, help, (a, c) => a.Has(opt) ? set(c, a.Flag(opt)) : c);

    public static IReadOnlyList<Row> Rows { get; } =
    [
        S("--model", nameof(RunConfig.Model), "architecture from `cifarlab models`", (c, v) => c with { Model = v }),
        D("--width", nameof(RunConfig.Width), "channel width multiplier 0.25..4", (c, v) => c with { Width = v }),
        E<NormKind>("--norm", nameof(RunConfig.Norm), "normalization", (c, v) => c with { Norm = v }),
        D("--dropout", nameof(RunConfig.Dropout), "dropout before the classifier 0..0.9", (c, v) => c with { Dropout = v }),
        E<OptimizerKind>("--optimizer", nameof(RunConfig.Optimizer), "optimizer (muon: Muon for conv filters, Nesterov SGD for the rest)", (c, v) => c with { Optimizer = v }),
        D("--lr", nameof(RunConfig.LearningRate), "peak learning rate (> 0)", (c, v) => c with { LearningRate = v }),
        D("--momentum", nameof(RunConfig.Momentum), "SGD momentum 0..0.999", (c, v) => c with { Momentum = v }),
        B("--nesterov", nameof(RunConfig.Nesterov), "Nesterov momentum (true|false)", (c, v) => c with { Nesterov = v }),
        D("--weight-decay", nameof(RunConfig.WeightDecay), "weight decay 0..10", (c, v) => c with { WeightDecay = v }),
        D("--label-smoothing", nameof(RunConfig.LabelSmoothing), "label smoothing 0..0.9", (c, v) => c with { LabelSmoothing = v }),
        E<LossReduction>("--loss", nameof(RunConfig.Loss), "loss reduction over the batch", (c, v) => c with { Loss = v }),
        D("--norm-lr-multiplier", nameof(RunConfig.NormLrMultiplier), "lr multiplier for normalization params (> 0)", (c, v) => c with { NormLrMultiplier = v }),
        D("--muon-lr", nameof(RunConfig.MuonLearningRate), "Muon's lr for conv filters (> 0; --optimizer muon)", (c, v) => c with { MuonLearningRate = v }),
        D("--muon-momentum", nameof(RunConfig.MuonMomentum), "Muon's momentum 0..0.999 (--optimizer muon)", (c, v) => c with { MuonMomentum = v }),
        I("--epochs", nameof(RunConfig.Epochs), "epochs 1..1000", 1, RunOptions.MaxEpochs, (c, v) => c with { Epochs = v }),
        I("--batch-size", nameof(RunConfig.BatchSize), "batch size 1..4096", 1, RunOptions.BatchSize.Max, (c, v) => c with { BatchSize = v }),
        E<ScheduleKind>("--schedule", nameof(RunConfig.Schedule), "learning-rate schedule", (c, v) => c with { Schedule = v }),
        D("--warmup", nameof(RunConfig.WarmupFraction), "fraction of steps warming up 0..0.9", (c, v) => c with { WarmupFraction = v }),
        D("--initial-lr-fraction", nameof(RunConfig.InitialLrFraction), "lr multiplier at the start of warmup 0..1", (c, v) => c with { InitialLrFraction = v }),
        D("--final-lr-fraction", nameof(RunConfig.FinalLrFraction), "lr multiplier at the last step 0..1", (c, v) => c with { FinalLrFraction = v }),
        I("--step-epochs", nameof(RunConfig.StepEpochs), "step schedule: epochs between decays", 1, RunOptions.MaxEpochs, (c, v) => c with { StepEpochs = v }),
        D("--step-gamma", nameof(RunConfig.StepGamma), "step schedule: decay factor (0..1]", (c, v) => c with { StepGamma = v }),
        I("--crop-padding", nameof(RunConfig.CropPadding), "random-crop padding in pixels 0..8", 0, 8, (c, v) => c with { CropPadding = v }),
        E<PadMode>("--pad-mode", nameof(RunConfig.PadMode), "crop padding mode", (c, v) => c with { PadMode = v }),
        E<FlipMode>("--flip", nameof(RunConfig.Flip), "horizontal flip", (c, v) => c with { Flip = v }),
        I("--cutout", nameof(RunConfig.Cutout), "cutout square side in pixels, 0 = off (0..32)", 0, 32, (c, v) => c with { Cutout = v }),
        D("--ema", nameof(RunConfig.EmaDecay), "EMA decay per step, 0 = off", (c, v) => c with { EmaDecay = v }),
        I("--lookahead", nameof(RunConfig.LookaheadEvery), "airbench lookahead every N steps, 0 = off", 0, 1000, (c, v) => c with { LookaheadEvery = v }),
        E<TtaMode>("--tta", nameof(RunConfig.Tta), "test-time augmentation", (c, v) => c with { Tta = v }),
        I("--seed", nameof(RunConfig.Seed), "random seed", int.MinValue, int.MaxValue, (c, v) => c with { Seed = v }),
        I("--train-limit", nameof(RunConfig.TrainLimit), "use the first N training images, 0 = all (0..50000)", 0, 50_000, (c, v) => c with { TrainLimit = v }),
        I("--test-limit", nameof(RunConfig.TestLimit), "use the first N test images, 0 = all (0..10000)", 0, 10_000, (c, v) => c with { TestLimit = v }),
        S("--device", nameof(RunConfig.Device), "auto|cpu|cuda|cuda:N", (c, v) => c with { Device = v }),
        E<PrecisionKind>("--precision", nameof(RunConfig.Precision), "precision; CPU: bfloat16 where native (AVX512-BF16/AMX), else float32", (c, v) => c with { Precision = v }),
        B("--channels-last", nameof(RunConfig.ChannelsLast), "channels-last (NHWC) inputs for faster CPU convolutions (true|false)", (c, v) => c with { ChannelsLast = v }),
        I("--eval-every", nameof(RunConfig.EvalEvery), "evaluate every N epochs", 1, RunOptions.MaxEpochs, (c, v) => c with { EvalEvery = v }),
    ];

    public static IEnumerable<string> ValuedOptions => Rows.Where(r => !r.Help.Contains("(true|false)", StringComparison.Ordinal)).Select(r => r.Option);
    public static IEnumerable<string> FlagOptions => Rows.Where(r => r.Help.Contains("(true|false)", StringComparison.Ordinal)).Select(r => r.Option);

    public static RunConfig Apply(ArgReader args, RunConfig start) => Rows.Aggregate(start, (c, row) => row.Apply(args, c));

    public static string OptionFor(string field) => Rows.FirstOrDefault(r => r.Field == field)?.Option ?? field;
}

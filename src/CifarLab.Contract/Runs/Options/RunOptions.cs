namespace CifarLab.Contract;

/// <summary>
/// The run option schema: one entry per <see cref="RunConfig"/> property, in form order. Adding an option is the
/// property on RunConfig, one entry here, and the engine code that uses it.
/// </summary>
public static class RunOptions
{
    /// <summary>Longest run and largest batch anyone may queue; sizes also bound by <see cref="BatchSize"/> etc.</summary>
    public const int MaxEpochs = 1000;

    // ---- model ----
    public static readonly TextOption Model = new(
        nameof(RunConfig.Model), "--model", "Architecture", OptionGroup.Model, "architecture from `cifarlab models`",
        string.Join(", ", ModelSpecs.All.Select(m => m.Name)), c => c.Model, (c, v) => c with { Model = v },
        v => TextRules.CheckIdentifier(v, TextLimits.Model)
            ?? (ModelSpecs.TryGet(v, out _) ? null : $"unknown model '{v}'. Allowed: {string.Join(", ", ModelSpecs.All.Select(m => m.Name))}."));

    public static readonly NumberOption Width = new(
        nameof(RunConfig.Width), "--width", "Width multiplier", OptionGroup.Model, "channel width multiplier; scales every channel count",
        0.25, 4, c => c.Width, (c, v) => c with { Width = v });

    public static readonly ChoiceOption<NormKind> Norm = new(
        nameof(RunConfig.Norm), "--norm", "Normalization", OptionGroup.Model, "normalization after each convolution (layer = one group over C, H, W)",
        c => c.Norm, (c, v) => c with { Norm = v });

    public static readonly NumberOption Dropout = new(
        nameof(RunConfig.Dropout), "--dropout", "Dropout", OptionGroup.Model, "dropout probability before the classifier",
        0, 0.9, c => c.Dropout, (c, v) => c with { Dropout = v });

    // ---- optimizer and loss ----
    public static readonly ChoiceOption<OptimizerKind> Optimizer = new(
        nameof(RunConfig.Optimizer), "--optimizer", "Optimizer", OptionGroup.Optimizer,
        "optimizer (muon: Muon for conv filters, Nesterov SGD for the rest)",
        c => c.Optimizer, (c, v) => c with { Optimizer = v },
        new Dictionary<OptimizerKind, string> { [OptimizerKind.Sgd] = "SGD", [OptimizerKind.AdamW] = "AdamW", [OptimizerKind.Muon] = "Muon + SGD" });

    public static readonly NumberOption LearningRate = new(
        nameof(RunConfig.LearningRate), "--lr", "Learning rate", OptionGroup.Optimizer,
        "peak learning rate (under Muon: of the weights SGD trains)",
        0, 100, c => c.LearningRate, (c, v) => c with { LearningRate = v }, minExclusive: true);

    public static readonly NumberOption Momentum = new(
        nameof(RunConfig.Momentum), "--momentum", "Momentum", OptionGroup.Optimizer,
        "SGD momentum (AdamW uses its own betas 0.9, 0.999)",
        0, 0.999, c => c.Momentum, (c, v) => c with { Momentum = v })
    { AppliesTo = c => c.Optimizer != OptimizerKind.AdamW };

    public static readonly FlagOption Nesterov = new(
        nameof(RunConfig.Nesterov), "--nesterov", "Nesterov", OptionGroup.Optimizer, "Nesterov momentum for SGD and Muon; needs momentum > 0",
        c => c.Nesterov, (c, v) => c with { Nesterov = v })
    { AppliesTo = c => c.Optimizer != OptimizerKind.AdamW };

    public static readonly NumberOption WeightDecay = new(
        nameof(RunConfig.WeightDecay), "--weight-decay", "Weight decay", OptionGroup.Optimizer, "decoupled for AdamW, L2 for SGD",
        0, 10, c => c.WeightDecay, (c, v) => c with { WeightDecay = v });

    public static readonly NumberOption NormLrMultiplier = new(
        nameof(RunConfig.NormLrMultiplier), "--norm-lr-multiplier", "Norm-layer LR multiplier", OptionGroup.Optimizer,
        "learning-rate multiplier for normalization parameters (airbench: 64; under Muon all biases too)",
        0, 1000, c => c.NormLrMultiplier, (c, v) => c with { NormLrMultiplier = v }, minExclusive: true);

    public static readonly NumberOption GradClipNorm = new(
        nameof(RunConfig.GradClipNorm), "--grad-clip", "Gradient clipping (max norm)", OptionGroup.Optimizer,
        "largest global L2 norm of the gradients before each update, 0 = off",
        0, 1000, c => c.GradClipNorm, (c, v) => c with { GradClipNorm = v });

    public static readonly NumberOption MuonLearningRate = new(
        nameof(RunConfig.MuonLearningRate), "--muon-lr", "Muon learning rate", OptionGroup.Optimizer,
        "Muon's peak learning rate for conv filters (airbench94_muon: 0.24)",
        0, 100, c => c.MuonLearningRate, (c, v) => c with { MuonLearningRate = v }, minExclusive: true)
    { AppliesTo = c => c.Optimizer == OptimizerKind.Muon };

    public static readonly NumberOption MuonMomentum = new(
        nameof(RunConfig.MuonMomentum), "--muon-momentum", "Muon momentum", OptionGroup.Optimizer,
        "Muon's momentum (airbench94_muon: 0.6)",
        0, 0.999, c => c.MuonMomentum, (c, v) => c with { MuonMomentum = v })
    { AppliesTo = c => c.Optimizer == OptimizerKind.Muon };

    public static readonly NumberOption LabelSmoothing = new(
        nameof(RunConfig.LabelSmoothing), "--label-smoothing", "Label smoothing", OptionGroup.Optimizer, "label smoothing of the cross-entropy",
        0, 0.9, c => c.LabelSmoothing, (c, v) => c with { LabelSmoothing = v });

    public static readonly ChoiceOption<LossReduction> Loss = new(
        nameof(RunConfig.Loss), "--loss", "Loss reduction", OptionGroup.Optimizer, "loss reduction over the batch (sum scales the effective LR by the batch size)",
        c => c.Loss, (c, v) => c with { Loss = v });

    public static readonly IntegerOption Epochs = new(
        nameof(RunConfig.Epochs), "--epochs", "Epochs", OptionGroup.Optimizer, "passes over the training set",
        1, MaxEpochs, c => c.Epochs, (c, v) => c with { Epochs = v });

    public static readonly IntegerOption BatchSize = new(
        nameof(RunConfig.BatchSize), "--batch-size", "Batch size", OptionGroup.Optimizer, "images per step",
        1, 4096, c => c.BatchSize, (c, v) => c with { BatchSize = v });

    // ---- schedule ----
    public static readonly ChoiceOption<ScheduleKind> Schedule = new(
        nameof(RunConfig.Schedule), "--schedule", "Schedule", OptionGroup.Schedule, "learning-rate schedule",
        c => c.Schedule, (c, v) => c with { Schedule = v },
        new Dictionary<ScheduleKind, string> { [ScheduleKind.OneCycle] = "One-cycle", [ScheduleKind.LinearDecay] = "Linear decay",
            [ScheduleKind.MultiStep] = "Multi-step", [ScheduleKind.WarmRestarts] = "Cosine with warm restarts (SGDR)" });

    public static readonly NumberOption WarmupFraction = new(
        nameof(RunConfig.WarmupFraction), "--warmup", "Warmup fraction", OptionGroup.Schedule, "fraction of all steps warming up linearly",
        0, 0.9, c => c.WarmupFraction, (c, v) => c with { WarmupFraction = v });

    public static readonly NumberOption InitialLrFraction = new(
        nameof(RunConfig.InitialLrFraction), "--initial-lr-fraction", "Initial LR fraction", OptionGroup.Schedule, "LR multiplier where warmup starts",
        0, 1, c => c.InitialLrFraction, (c, v) => c with { InitialLrFraction = v });

    public static readonly NumberOption FinalLrFraction = new(
        nameof(RunConfig.FinalLrFraction), "--final-lr-fraction", "Final LR fraction", OptionGroup.Schedule,
        "LR multiplier at the last step (warm restarts: at the end of each period)",
        0, 1, c => c.FinalLrFraction, (c, v) => c with { FinalLrFraction = v });

    public static readonly IntegerOption StepEpochs = new(
        nameof(RunConfig.StepEpochs), "--step-epochs", "Step every (epochs)", OptionGroup.Schedule, "step schedule: epochs between decays",
        1, MaxEpochs, c => c.StepEpochs, (c, v) => c with { StepEpochs = v })
    { AppliesTo = c => c.Schedule == ScheduleKind.Step };

    public static readonly NumberOption StepGamma = new(
        nameof(RunConfig.StepGamma), "--step-gamma", "Step gamma", OptionGroup.Schedule, "step and multi-step schedules: factor at each decay",
        0, 1, c => c.StepGamma, (c, v) => c with { StepGamma = v }, minExclusive: true)
    { AppliesTo = c => c.Schedule is ScheduleKind.Step or ScheduleKind.MultiStep };

    public static readonly TextOption Milestones = new(
        nameof(RunConfig.Milestones), "--milestones", "Milestones (epochs)", OptionGroup.Schedule,
        "multi-step schedule: epochs at which the LR is multiplied by the step gamma",
        Contract.Milestones.Allowed, c => c.Milestones, (c, v) => c with { Milestones = v },
        v => Contract.Milestones.TryParse(v, out _, out var problem) ? null : problem)
    { AppliesTo = c => c.Schedule == ScheduleKind.MultiStep };

    public static readonly NumberOption ExponentialGamma = new(
        nameof(RunConfig.ExponentialGamma), "--exp-gamma", "Exponential gamma", OptionGroup.Schedule, "exponential schedule: factor applied every epoch",
        0, 1, c => c.ExponentialGamma, (c, v) => c with { ExponentialGamma = v }, minExclusive: true)
    { AppliesTo = c => c.Schedule == ScheduleKind.Exponential };

    public static readonly IntegerOption RestartEpochs = new(
        nameof(RunConfig.RestartEpochs), "--restart-epochs", "First period (epochs)", OptionGroup.Schedule,
        "warm restarts (SGDR): epochs of the first cosine period, T_0",
        1, MaxEpochs, c => c.RestartEpochs, (c, v) => c with { RestartEpochs = v })
    { AppliesTo = c => c.Schedule == ScheduleKind.WarmRestarts };

    public static readonly IntegerOption RestartMultiplier = new(
        nameof(RunConfig.RestartMultiplier), "--restart-multiplier", "Period multiplier", OptionGroup.Schedule,
        "warm restarts (SGDR): each period this many times longer than the last, T_mult",
        1, 10, c => c.RestartMultiplier, (c, v) => c with { RestartMultiplier = v })
    { AppliesTo = c => c.Schedule == ScheduleKind.WarmRestarts };

    // ---- augmentation and evaluation ----
    public static readonly IntegerOption CropPadding = new(
        nameof(RunConfig.CropPadding), "--crop-padding", "Crop padding (px)", OptionGroup.Augmentation, "random-crop padding in pixels; 0 turns random crops off",
        0, 8, c => c.CropPadding, (c, v) => c with { CropPadding = v });

    public static readonly ChoiceOption<PadMode> PadMode = new(
        nameof(RunConfig.PadMode), "--pad-mode", "Padding mode", OptionGroup.Augmentation, "how crops are padded",
        c => c.PadMode, (c, v) => c with { PadMode = v });

    public static readonly ChoiceOption<FlipMode> Flip = new(
        nameof(RunConfig.Flip), "--flip", "Horizontal flip", OptionGroup.Augmentation, "horizontal flip (alternating: airbench's per-epoch flip)",
        c => c.Flip, (c, v) => c with { Flip = v });

    public static readonly IntegerOption Cutout = new(
        nameof(RunConfig.Cutout), "--cutout", "Cutout (px)", OptionGroup.Augmentation, "side of the square cutout hole in pixels, 0 = off",
        0, 32, c => c.Cutout, (c, v) => c with { Cutout = v });

    public static readonly NumberOption Rotation = new(
        nameof(RunConfig.Rotation), "--rotation", "Rotation (degrees)", OptionGroup.Augmentation,
        "random rotation by up to ± this many degrees, 0 = off",
        0, 180, c => c.Rotation, (c, v) => c with { Rotation = v });

    public static readonly NumberOption ScaleMin = new(
        nameof(RunConfig.ScaleMin), "--scale-min", "Scale from", OptionGroup.Augmentation,
        "random zoom factor, lower end (above 1 zooms in); 1 to 1 = off",
        0.5, 2, c => c.ScaleMin, (c, v) => c with { ScaleMin = v });

    public static readonly NumberOption ScaleMax = new(
        nameof(RunConfig.ScaleMax), "--scale-max", "Scale to", OptionGroup.Augmentation,
        "random zoom factor, upper end; at least the lower end",
        0.5, 2, c => c.ScaleMax, (c, v) => c with { ScaleMax = v });

    public static readonly NumberOption Brightness = new(
        nameof(RunConfig.Brightness), "--brightness", "Brightness jitter", OptionGroup.Augmentation,
        "colour jitter: brightness factor from 1 − s to 1 + s per image, 0 = off",
        0, 1, c => c.Brightness, (c, v) => c with { Brightness = v });

    public static readonly NumberOption Contrast = new(
        nameof(RunConfig.Contrast), "--contrast", "Contrast jitter", OptionGroup.Augmentation,
        "colour jitter: contrast factor from 1 − s to 1 + s per image, 0 = off",
        0, 1, c => c.Contrast, (c, v) => c with { Contrast = v });

    public static readonly NumberOption Saturation = new(
        nameof(RunConfig.Saturation), "--saturation", "Saturation jitter", OptionGroup.Augmentation,
        "colour jitter: saturation factor from 1 − s to 1 + s per image, 0 = off",
        0, 1, c => c.Saturation, (c, v) => c with { Saturation = v });

    public static readonly NumberOption EmaDecay = new(
        nameof(RunConfig.EmaDecay), "--ema", "EMA decay", OptionGroup.Augmentation, "per-step decay of an averaged copy of the weights, 0 = off (e.g. 0.999)",
        0, 0.99999, c => c.EmaDecay, (c, v) => c with { EmaDecay = v });

    public static readonly IntegerOption LookaheadEvery = new(
        nameof(RunConfig.LookaheadEvery), "--lookahead", "Lookahead every (steps)", OptionGroup.Augmentation, "airbench lookahead every N steps, 0 = off; not together with EMA",
        0, 1000, c => c.LookaheadEvery, (c, v) => c with { LookaheadEvery = v });

    public static readonly ChoiceOption<TtaMode> Tta = new(
        nameof(RunConfig.Tta), "--tta", "Test-time augmentation", OptionGroup.Augmentation, "test-time augmentation of the final evaluation",
        c => c.Tta, (c, v) => c with { Tta = v },
        new Dictionary<TtaMode, string> { [TtaMode.FlipTranslate] = "Flip + translate" });

    public static readonly IntegerOption EvalEvery = new(
        nameof(RunConfig.EvalEvery), "--eval-every", "Evaluate every (epochs)", OptionGroup.Augmentation, "test-set evaluation every N epochs; the last epoch always",
        1, MaxEpochs, c => c.EvalEvery, (c, v) => c with { EvalEvery = v });

    // ---- data and run ----
    public static readonly IntegerOption TrainLimit = new(
        nameof(RunConfig.TrainLimit), "--train-limit", "Train images", OptionGroup.Run, "use the first N training images, 0 = all 50 000",
        0, 50_000, c => c.TrainLimit, (c, v) => c with { TrainLimit = v });

    public static readonly IntegerOption TestLimit = new(
        nameof(RunConfig.TestLimit), "--test-limit", "Test images", OptionGroup.Run, "use the first N test images, 0 = all 10 000",
        0, 10_000, c => c.TestLimit, (c, v) => c with { TestLimit = v });

    /// <summary>Largest validation split: half of the full training set.</summary>
    public const int MaxValidationImages = 25_000;

    public static readonly IntegerOption ValidationImages = new(
        nameof(RunConfig.ValidationImages), "--validation-images", "Validation images", OptionGroup.Run,
        "hold out N training images (stratified by class, drawn from the seed) for per-epoch evaluation; the test set is "
        + "then scored once at the end. 0 = off; 5000 recommended for tuning. Taken from the first Train images",
        0, MaxValidationImages, c => c.ValidationImages, (c, v) => c with { ValidationImages = v });

    public static readonly IntegerOption EarlyStopPatience = new(
        nameof(RunConfig.EarlyStopPatience), "--early-stop", "Early-stop patience (epochs)", OptionGroup.Run,
        "stop after N epochs without a better validation accuracy, then score the test set; 0 = off; needs a validation split",
        0, MaxEpochs, c => c.EarlyStopPatience, (c, v) => c with { EarlyStopPatience = v });

    public static readonly IntegerOption Seed = new(
        nameof(RunConfig.Seed), "--seed", "Seed", OptionGroup.Run, "random seed: initial weights, shuffling, augmentation, dropout",
        int.MinValue, int.MaxValue, c => c.Seed, (c, v) => c with { Seed = v });

    public static readonly TextOption Device = new(
        nameof(RunConfig.Device), "--device", "Device", OptionGroup.Run, "where to train (auto: CUDA when present)",
        "auto, cpu, cuda, cuda:N", c => c.Device, (c, v) => c with { Device = v },
        v => TextRules.CheckIdentifier(v, TextLimits.Device)
            ?? (DeviceName.IsWellFormed(v) ? null : $"unknown device '{v}'. Allowed: auto, cpu, cuda, cuda:N."));

    public static readonly ChoiceOption<PrecisionKind> Precision = new(
        nameof(RunConfig.Precision), "--precision", "Precision", OptionGroup.Run,
        "CUDA: float16 or bfloat16; CPU: bfloat16 where native (AVX512-BF16/AMX), else float32",
        c => c.Precision, (c, v) => c with { Precision = v },
        new Dictionary<PrecisionKind, string> { [PrecisionKind.Float32] = "float32", [PrecisionKind.Float16] = "float16", [PrecisionKind.BFloat16] = "bfloat16" });

    public static readonly FlagOption ChannelsLast = new(
        nameof(RunConfig.ChannelsLast), "--channels-last", "Channels-last", OptionGroup.Run, "channels-last (NHWC) inputs: faster CPU convolutions, same results",
        c => c.ChannelsLast, (c, v) => c with { ChannelsLast = v });

    /// <summary>Every option, in form order within its <see cref="OptionGroup"/>.</summary>
    public static IReadOnlyList<RunOption> All { get; } =
    [
        Model, Width, Norm, Dropout,
        Optimizer, LearningRate, Momentum, Nesterov, WeightDecay, NormLrMultiplier, GradClipNorm, MuonLearningRate, MuonMomentum,
        LabelSmoothing, Loss, Epochs, BatchSize,
        Schedule, WarmupFraction, InitialLrFraction, FinalLrFraction, StepEpochs, StepGamma, Milestones, ExponentialGamma, RestartEpochs, RestartMultiplier,
        CropPadding, PadMode, Flip, Cutout, Rotation, ScaleMin, ScaleMax, Brightness, Contrast, Saturation, EmaDecay, LookaheadEvery, Tta, EvalEvery,
        TrainLimit, TestLimit, ValidationImages, EarlyStopPatience, Seed, Device, Precision, ChannelsLast,
    ];

    private static readonly Dictionary<string, RunOption> ByName =
        All.ToDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The option of a RunConfig property (or its camelCase JSON name), or null.</summary>
    public static RunOption? Find(string name) => ByName.GetValueOrDefault(name ?? "");

    /// <summary>The label of a group, as the form's fieldsets and --help's sections name it.</summary>
    public static string GroupLabel(OptionGroup group) => group switch
    {
        OptionGroup.Model => "Model",
        OptionGroup.Optimizer => "Optimizer and loss",
        OptionGroup.Schedule => "Learning-rate schedule",
        OptionGroup.Augmentation => "Augmentation, averaging and evaluation",
        OptionGroup.Run => "Data and run",
        _ => group.ToString(),
    };
}

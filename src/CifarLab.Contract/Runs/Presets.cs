namespace CifarLab.Contract;

/// <summary>A named starting point: a full run config plus where its numbers come from.</summary>
public sealed record Preset(string Name, string Title, string Description, string Source, RunConfig Config);

/// <summary>
/// Built-in recipes. Hyperparameters carry their units; measured results are in docs/BENCHMARKS.md.
/// The GPU recipes (resnet18, resnet9, airbench94, airbench96) train in float16 as their sources do (weights and
/// activations half, normalization float32; see HalfPrecision); on a CPU the same presets stay float32.
/// </summary>
public static class Presets
{
    /// <summary>airbench's "per 1024 examples" learning rate becomes PyTorch's by dividing by
    /// 1024 x (1 + 1/(1 - momentum)) (Jordan 2024); with momentum 0.85 that is 7850.67. Its weight
    /// decay becomes wd x batch_size / lr, keeping the decay per training example fixed.</summary>
    private const double AirbenchKiloStep = 1024 * (1 + 1 / (1 - 0.85));

    /// <summary>airbench94_muon.py's batch; its SGD lrs (biases 0.053, head 0.67) and decay (2e-6 per example, i.e.
    /// wd x lr = 2e-6 x batch in every group) are PyTorch's, for the summed loss at this batch.</summary>
    private const int MuonBatch = 2000;
    private const double MuonBiasLr = 0.053;
    private const double MuonHeadLr = 0.67;
    private const double MuonDecayPerExample = 2e-6;

    /// <summary>cpu-fast's run config; cpu-moonshot widens and lengthens it.</summary>
    private static readonly RunConfig CpuFast = new()
    {
        // Summed loss: lr is per example, so it carries over unchanged to batch 512; airbench's
        // weight decay is "per example" too (wd = 0.0153 x batch / lr), so it halves with the batch.
        Model = "airbench94", Width = 0.5, Epochs = 8, BatchSize = 512, Loss = LossReduction.Sum,
        LearningRate = 11.5 / AirbenchKiloStep, WeightDecay = 0.0153 * 512 / 11.5, NormLrMultiplier = 64,
        Momentum = 0.85, Nesterov = true, LabelSmoothing = 0.2, Schedule = ScheduleKind.OneCycle,
        WarmupFraction = 0.23, InitialLrFraction = 0.2, FinalLrFraction = 0.07, CropPadding = 2,
        PadMode = PadMode.Reflect, Flip = FlipMode.Alternating, LookaheadEvery = 5, Tta = TtaMode.FlipTranslate,
        EvalEvery = 2, Preset = "cpu-fast",
    };

    public static IReadOnlyList<Preset> All { get; } =
    [
        new("quick", "Quick CPU check",
            "Tutorial CNN (with batch norm) on 10k images for 2 epochs: seconds on 2 CPU cores. For checking that everything works.",
            "CifarLab",
            new RunConfig
            {
                Model = "tutorial-cnn", Norm = NormKind.Batch, Epochs = 2, BatchSize = 64, LearningRate = 0.05,
                WeightDecay = 5e-4, Schedule = ScheduleKind.OneCycle, WarmupFraction = 0.2, TrainLimit = 10_000,
                CropPadding = 0, Flip = FlipMode.Random, Preset = "quick",
            }),
        new("tutorial", "PyTorch tutorial baseline",
            "The PyTorch 'Training a classifier' tutorial exactly: LeNet-style CNN, SGD lr 0.001 momentum 0.9, batch 4, 2 epochs, no augmentation. ~55% on real CIFAR-10.",
            "pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html",
            new RunConfig
            {
                Model = "tutorial-cnn", Norm = NormKind.None, Epochs = 2, BatchSize = 4, LearningRate = 0.001,
                Momentum = 0.9, Nesterov = false, WeightDecay = 0, Schedule = ScheduleKind.Constant, WarmupFraction = 0,
                InitialLrFraction = 1, CropPadding = 0, Flip = FlipMode.None, Preset = "tutorial",
            }),
        new("resnet18", "ResNet-18, cosine",
            "ResNet-18 (CIFAR stem), SGD 0.1 Nesterov, wd 5e-4, cosine schedule, crop+flip, 30 epochs. ~94-95% on CIFAR-10 as commonly reported; a GPU recipe (float16 on CUDA).",
            "He et al. 2016; common CIFAR ResNet-18 training setup",
            new RunConfig
            {
                Model = "resnet18", Epochs = 30, BatchSize = 128, LearningRate = 0.1, WeightDecay = 5e-4,
                Schedule = ScheduleKind.Cosine, WarmupFraction = 0.03, InitialLrFraction = 0.1, FinalLrFraction = 0,
                LabelSmoothing = 0.1, CropPadding = 4, PadMode = PadMode.Reflect, Flip = FlipMode.Random, EvalEvery = 5,
                Preset = "resnet18", Precision = PrecisionKind.Float16,
            }),
        new("resnet9", "ResNet-9 (DAWNBench cifar10-fast)",
            "David Page's ResNet-9: batch 512, one-cycle peaking at epoch 5, Nesterov SGD, label smoothing 0.2, crop 4 + flip + 8x8 cutout, 24 epochs. 94% on a V100 in 79 s as published; float16 on CUDA.",
            "davidcpage/cifar10-fast (2018); lr 0.4 and wd 5e-4 are its summed-loss values (0.4/512, 5e-4x512) restated for a mean loss",
            new RunConfig
            {
                Model = "resnet9", Epochs = 24, BatchSize = 512, LearningRate = 0.4, Momentum = 0.9, Nesterov = true,
                WeightDecay = 5e-4, LabelSmoothing = 0.2, Schedule = ScheduleKind.OneCycle, WarmupFraction = 5.0 / 24,
                InitialLrFraction = 0, FinalLrFraction = 0, CropPadding = 4, PadMode = PadMode.Reflect, Flip = FlipMode.Random,
                Cutout = 8, EvalEvery = 4, Preset = "resnet9", Precision = PrecisionKind.Float16,
            }),
        new("resnet9-cpu", "ResNet-9, CPU-sized",
            "ResNet-9 at quarter width (16/32/64/128 channels, 0.41M parameters) with the cifar10-fast recipe shortened to 10 epochs at batch 256: a residual net that trains in minutes on two CPU cores.",
            "CifarLab, scaled down from davidcpage/cifar10-fast (2018); lr 0.2 = 0.4 x 256/512 (linear scaling); measurements in docs/BENCHMARKS.md",
            new RunConfig
            {
                Model = "resnet9", Width = 0.25, Epochs = 10, BatchSize = 256, LearningRate = 0.2, Momentum = 0.9, Nesterov = true,
                WeightDecay = 5e-4, LabelSmoothing = 0.2, Schedule = ScheduleKind.OneCycle, WarmupFraction = 0.25,
                InitialLrFraction = 0, FinalLrFraction = 0, CropPadding = 4, PadMode = PadMode.Reflect, Flip = FlipMode.Random,
                Cutout = 8, Tta = TtaMode.Flip, Preset = "resnet9-cpu",
            }),
        new("airbench94", "airbench94",
            "Keller Jordan's airbench94: whitened 2x2 stem, 3 conv groups (64/256/256), frozen-scale BN, summed label-smoothed loss, Nesterov SGD, alternating flip, lookahead, flip+translate TTA. 94.0% in 3.3 s on an A100 as published; float16 on CUDA.",
            "Jordan 2024, arXiv 2404.00498; KellerJordan/cifar10-airbench",
            new RunConfig
            {
                Model = "airbench94", Epochs = 10, BatchSize = 1024, Loss = LossReduction.Sum,
                LearningRate = 11.5 / AirbenchKiloStep, WeightDecay = 0.0153 * 1024 / 11.5, NormLrMultiplier = 64,
                Momentum = 0.85, Nesterov = true, LabelSmoothing = 0.2, Schedule = ScheduleKind.OneCycle,
                WarmupFraction = 0.23, InitialLrFraction = 0.2, FinalLrFraction = 0.07, CropPadding = 2,
                PadMode = PadMode.Reflect, Flip = FlipMode.Alternating, LookaheadEvery = 5, Tta = TtaMode.FlipTranslate,
                EvalEvery = 5, Preset = "airbench94", Precision = PrecisionKind.Float16,
            }),
        new("airbench96", "airbench96",
            "airbench96: wider residual groups (128/384/512, three convs each), 4-pixel translate with 12x12 cutout, 37 epochs, warmup 10% then linear to 0. 96.0% in 35 s on an A100 as published; float16 on CUDA.",
            "Jordan 2024, arXiv 2404.00498; KellerJordan/cifar10-airbench",
            new RunConfig
            {
                Model = "airbench96", Epochs = 37, BatchSize = 1024, Loss = LossReduction.Sum,
                LearningRate = 9.0 / AirbenchKiloStep, WeightDecay = 0.012 * 1024 / 9.0, NormLrMultiplier = 64,
                Momentum = 0.85, Nesterov = true, LabelSmoothing = 0.2, Schedule = ScheduleKind.OneCycle,
                WarmupFraction = 0.1, InitialLrFraction = 0, FinalLrFraction = 0, CropPadding = 4, PadMode = PadMode.Reflect,
                Flip = FlipMode.Alternating, Cutout = 12, LookaheadEvery = 5, Tta = TtaMode.FlipTranslate, EvalEvery = 10,
                Preset = "airbench96", Precision = PrecisionKind.Float16,
            }),
        new("airbench94-muon", "airbench94 with Muon",
            "Keller Jordan's airbench94_muon: airbench94's net trained by Muon (conv filters: lr 0.24, momentum 0.6, Newton-Schulz orthogonalised updates) and Nesterov SGD (biases lr 0.053, head lr 0.67), batch 2000, 8 epochs, lr x (1 - step/total), flip + translate, no lookahead, flip+translate TTA. 94.01% in 2.59 s on an A100; 93.93% in about 8.5 min for an eager PyTorch port on 2 AMD EPYC cores (bfloat16). Channels-last, float32 (add --precision bfloat16 where the CPU runs it faster).",
            "KellerJordan/cifar10-airbench, airbench94_muon.py; Jordan, Muon: an optimizer for hidden layers (2024); docs/RECIPES.md",
            new RunConfig
            {
                Model = "airbench94-muon", Epochs = 8, BatchSize = MuonBatch, Loss = LossReduction.Sum, LabelSmoothing = 0.2,
                Optimizer = OptimizerKind.Muon, MuonLearningRate = 0.24, MuonMomentum = 0.6,
                LearningRate = MuonHeadLr, Momentum = 0.85, Nesterov = true,
                WeightDecay = MuonDecayPerExample * MuonBatch / MuonHeadLr, NormLrMultiplier = MuonBiasLr / MuonHeadLr,
                Schedule = ScheduleKind.LinearDecay, WarmupFraction = 0, InitialLrFraction = 1, FinalLrFraction = 0,
                CropPadding = 2, PadMode = PadMode.Reflect, Flip = FlipMode.Alternating, Tta = TtaMode.FlipTranslate,
                // Channels-last: faster CPU convolutions, same numbers. float32: bfloat16 pays only on CPUs that run it
                // natively and fast (docs/BENCHMARKS.md, "CPU speed"; docs/RECIPES.md); --precision bfloat16 there.
                ChannelsLast = true, EvalEvery = 8, Preset = "airbench94-muon",
            }),
        new("cpu-fast", "Best CPU time-to-accuracy",
            "airbench94 at half width (32/128/128 channels), batch 512, 8 epochs: the plain-SGD recipe sized for 2 CPU cores.",
            "CifarLab, derived from airbench94 (Jordan 2024); measurements in docs/BENCHMARKS.md",
            CpuFast),
        new("cpu-moonshot", "airbench94 at 0.625 width, 16 epochs",
            "cpu-fast at 0.625 width (40/160/160 channels) for 16 epochs: the longer plain-SGD CPU recipe.",
            "CifarLab, derived from airbench94 (Jordan 2024); width and length chosen by measurement, see docs/BENCHMARKS.md",
            // cpu-fast's recipe unchanged (per-example lr and decay do not depend on width); only capacity and length
            // grow (why this width and length: docs/BENCHMARKS.md, "cpu-moonshot").
            CpuFast with { Width = 0.625, Epochs = 16, EvalEvery = 4, Preset = "cpu-moonshot" }),
    ];

    public static bool TryGet(string name, out Preset preset)
    {
        preset = All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return preset is not null;
    }

    public static Preset Get(string name) =>
        TryGet(name, out var p) ? p
        : throw new ArgumentException($"Unknown preset '{name}'. Allowed: {string.Join(", ", All.Select(x => x.Name))}.", nameof(name));
}

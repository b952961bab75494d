using System.Text.Json;
using System.Text.Json.Serialization;

namespace CifarLab.Contract;

public enum OptimizerKind
{
    Sgd,
    AdamW,
    /// <summary>Muon for conv filters (see <see cref="Training.Muon"/>), Nesterov SGD for every other parameter.</summary>
    Muon,
}

public enum ScheduleKind
{
    /// <summary>Constant learning rate (after optional warmup).</summary>
    Constant,
    /// <summary>Multiply by <see cref="RunConfig.StepGamma"/> every <see cref="RunConfig.StepEpochs"/> epochs.</summary>
    Step,
    /// <summary>Cosine decay to <see cref="RunConfig.FinalLrFraction"/> after linear warmup.</summary>
    Cosine,
    /// <summary>One-cycle: linear up to the peak at <see cref="RunConfig.WarmupFraction"/>, then linear down.</summary>
    OneCycle,
    /// <summary>
    /// Linear from 1 after warmup down to <see cref="RunConfig.FinalLrFraction"/>, reached one step after the last:
    /// 1 - step/total without warmup, airbench94_muon's schedule (one-cycle reaches its floor at the last step itself).
    /// </summary>
    LinearDecay,
    /// <summary>Multiply by <see cref="RunConfig.StepGamma"/> at each epoch of <see cref="RunConfig.Milestones"/>
    /// (PyTorch's MultiStepLR; He et al. 2016 divide by 10 at 32k and 48k iterations).</summary>
    MultiStep,
    /// <summary>Multiply by <see cref="RunConfig.ExponentialGamma"/> every epoch (PyTorch's ExponentialLR).</summary>
    Exponential,
    /// <summary>Cosine with warm restarts, SGDR (Loshchilov &amp; Hutter 2017, arXiv 1608.03983): cosine from 1 down to
    /// <see cref="RunConfig.FinalLrFraction"/> over <see cref="RunConfig.RestartEpochs"/> epochs, then again over
    /// a period <see cref="RunConfig.RestartMultiplier"/> times longer, and so on.</summary>
    WarmRestarts,
}

public enum NormKind { Batch, Layer, Group, None }

public enum PadMode { Reflect, Zero }

public enum FlipMode
{
    None,
    /// <summary>Each image flipped with probability 1/2, independently every epoch.</summary>
    Random,
    /// <summary>airbench's alternating flip: a fixed random half flipped on even epochs, the other half on odd ones.</summary>
    Alternating,
}

public enum TtaMode
{
    None,
    /// <summary>Average of the image and its mirror.</summary>
    Flip,
    /// <summary>Flip, plus one-pixel translations (airbench94's TTA).</summary>
    FlipTranslate,
}

public enum LossReduction { Mean, Sum }

public enum PrecisionKind { Float32, Float16, BFloat16 }

/// <summary>
/// Everything that defines one training run. Immutable; validate with <see cref="RunConfigValidator"/>
/// at the edge (CLI, form, REST) before it reaches the queue or the trainer.
/// Defaults give a small, quick CPU run of the tutorial CNN.
/// </summary>
public sealed record RunConfig
{
    // ---- model ----
    /// <summary>Catalog name of the architecture (see ModelCatalog).</summary>
    public string Model { get; init; } = "tutorial-cnn";
    /// <summary>Channel width multiplier, 0.25..4.</summary>
    public double Width { get; init; } = 1.0;
    public NormKind Norm { get; init; } = NormKind.Batch;
    /// <summary>Dropout probability before the classifier, 0..0.9.</summary>
    public double Dropout { get; init; }

    // ---- optimisation ----
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    /// <summary>Peak learning rate (per the chosen loss reduction); under Muon, that of the SGD-trained weights.</summary>
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public bool Nesterov { get; init; } = true;
    /// <summary>Decoupled for AdamW, L2 for SGD (PyTorch's conventions).</summary>
    public double WeightDecay { get; init; } = 5e-4;
    public double LabelSmoothing { get; init; }
    public LossReduction Loss { get; init; } = LossReduction.Mean;
    /// <summary>Learning-rate multiplier for normalization-layer biases/weights (airbench uses 64).</summary>
    /// <remarks>Under Muon it applies to every vector parameter (norm parameters and biases).</remarks>
    public double NormLrMultiplier { get; init; } = 1.0;
    /// <summary>Largest global L2 norm of all gradients before each update; larger ones are scaled down to it. 0 = off.</summary>
    public double GradClipNorm { get; init; }
    /// <summary>Muon's peak learning rate for conv filters (Optimizer = Muon; airbench94_muon: 0.24). The other
    /// parameters use <see cref="LearningRate"/> on Nesterov SGD.</summary>
    public double MuonLearningRate { get; init; } = 0.24;
    /// <summary>Muon's momentum (airbench94_muon: 0.6); Nesterov when <see cref="Nesterov"/> is set.</summary>
    public double MuonMomentum { get; init; } = 0.6;
    public int Epochs { get; init; } = 2;
    public int BatchSize { get; init; } = 128;

    // ---- schedule ----
    public ScheduleKind Schedule { get; init; } = ScheduleKind.OneCycle;
    /// <summary>Fraction of all steps spent warming up linearly (0..0.9).</summary>
    public double WarmupFraction { get; init; } = 0.2;
    /// <summary>Multiplier at the start of warmup (airbench: 0.2).</summary>
    public double InitialLrFraction { get; init; } = 0.1;
    /// <summary>Multiplier reached at the last step (cosine, one-cycle).</summary>
    public double FinalLrFraction { get; init; }
    public int StepEpochs { get; init; } = 30;
    public double StepGamma { get; init; } = 0.1;
    /// <summary>Multi-step schedule: the epochs at which the LR is multiplied by <see cref="StepGamma"/>, e.g. "30,60,80".</summary>
    public string Milestones { get; init; } = "";
    /// <summary>Exponential schedule: the factor applied every epoch.</summary>
    public double ExponentialGamma { get; init; } = 0.95;
    /// <summary>Warm restarts: length of the first cosine period in epochs (SGDR's T_0).</summary>
    public int RestartEpochs { get; init; } = 10;
    /// <summary>Warm restarts: each period is this many times longer than the one before (SGDR's T_mult).</summary>
    public int RestartMultiplier { get; init; } = 2;

    // ---- augmentation ----
    /// <summary>Random-crop padding in pixels (0 = no crop).</summary>
    public int CropPadding { get; init; } = 4;
    public PadMode PadMode { get; init; } = PadMode.Reflect;
    public FlipMode Flip { get; init; } = FlipMode.Random;
    /// <summary>Side of the square cutout hole in pixels (0 = off).</summary>
    public int Cutout { get; init; }
    /// <summary>Random rotation: each image turned by an angle drawn uniformly from ±this many degrees (0 = off).</summary>
    public double Rotation { get; init; }
    /// <summary>Random scale: each image zoomed by a factor drawn uniformly from <see cref="ScaleMin"/>..<see cref="ScaleMax"/>
    /// (above 1 zooms in, below 1 out; both 1 = off).</summary>
    public double ScaleMin { get; init; } = 1.0;
    /// <summary>Upper end of the random scale factor; see <see cref="ScaleMin"/>.</summary>
    public double ScaleMax { get; init; } = 1.0;
    /// <summary>Colour jitter: brightness factor drawn from [1 − s, 1 + s] per image (0 = off).</summary>
    public double Brightness { get; init; }
    /// <summary>Colour jitter: contrast factor drawn from [1 − s, 1 + s] per image (0 = off).</summary>
    public double Contrast { get; init; }
    /// <summary>Colour jitter: saturation factor drawn from [1 − s, 1 + s] per image (0 = off).</summary>
    public double Saturation { get; init; }

    // ---- averaging / evaluation ----
    /// <summary>EMA decay per step for an averaged copy of the weights; 0 = off.</summary>
    public double EmaDecay { get; init; }
    /// <summary>airbench-style lookahead every N steps (0 = off): net is pulled to its EMA.</summary>
    public int LookaheadEvery { get; init; }
    public TtaMode Tta { get; init; } = TtaMode.None;

    // ---- data / run ----
    public int Seed { get; init; } = 42;
    /// <summary>Use only the first N training images (0 = all 50000).</summary>
    public int TrainLimit { get; init; }
    /// <summary>Use only the first N test images (0 = all 10000).</summary>
    public int TestLimit { get; init; }
    /// <summary>Hold out this many of the (limited) training images, stratified by class and drawn from the seed, for
    /// per-epoch evaluation; the test set is then scored once, at the end. 0 = off (every epoch's evaluation is on the
    /// test set, as before).</summary>
    public int ValidationImages { get; init; }
    /// <summary>Stop after this many epochs in a row without a better validation accuracy (0 = off); needs
    /// <see cref="ValidationImages"/> and a validation score every epoch it counts (EvalEvery epochs apart).</summary>
    public int EarlyStopPatience { get; init; }
    /// <summary>"auto" (CUDA when present), "cpu" or "cuda" / "cuda:N".</summary>
    public string Device { get; init; } = "auto";
    /// <summary>Half precision: float16 and bfloat16 on CUDA; on the CPU bfloat16 only, where the CPU runs it natively
    /// (AVX512-BF16 or AMX); otherwise float32 (see HalfPrecision).</summary>
    public PrecisionKind Precision { get; init; } = PrecisionKind.Float32;
    /// <summary>Feed the network channels-last (NHWC) inputs, oneDNN's native layout for CPU convolutions (see
    /// Training.ChannelsLast): the same numbers up to float rounding, faster on the CPU (docs/BENCHMARKS.md).</summary>
    public bool ChannelsLast { get; init; }
    /// <summary>Evaluate on the test set every N epochs (the last epoch always).</summary>
    public int EvalEvery { get; init; } = 1;
    /// <summary>Name of the preset this config started from, if any (informational).</summary>
    public string? Preset { get; init; }

    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.WriteNonFiniteAsNull();
        return o;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunConfig FromJson(string json) =>
        JsonSerializer.Deserialize<RunConfig>(json, Json) ?? throw new JsonException("Run config JSON is empty (null).");
}

using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>What distinguishes airbench94 from airbench96.</summary>
/// <param name="Widths">Output channels of the three conv groups at width 1.</param>
/// <param name="Residual">Three convs with a residual add per group (airbench96) instead of two.</param>
/// <param name="BatchNormMomentum">PyTorch convention: new = (1 - m) · old + m · batch.</param>
internal sealed record AirbenchSpec(IReadOnlyList<int> Widths, bool Residual, double BatchNormMomentum)
{
    /// <summary>airbench94_muon.py's head: the linear weight is rescaled to unit standard deviation at initialisation
    /// and the logits are divided by the head's input width (256) instead of multiplied by 1/9.</summary>
    public bool UnitStdHeadOverWidth { get; init; }

    /// <summary>airbench94_muon.py's stem bias: its lr decays linearly from its peak to zero over the
    /// <see cref="AirbenchNet.WhiteningBiasEpochs"/> epochs it trains, apart from the run's schedule.</summary>
    public bool StemBiasDecays { get; init; }
}

/// <summary>
/// The airbench network (Keller Jordan, "94% on CIFAR-10 in 3.29 Seconds on a Single GPU", arXiv 2404.00498;
/// github.com/KellerJordan/cifar10-airbench): whitening stem (2x2 conv 3 → 24, GELU), three
/// <see cref="AirbenchGroup"/>s, maxpool 3 (3x3 → 1x1), linear without bias, logits × 1/9 (the airbench94_muon
/// variant, <see cref="AirbenchSpec.UnitStdHeadOverWidth"/>: unit-std head, logits / width).
/// Needs 32x32 inputs: 32 → 31 (stem) → 15 → 7 → 3 → 1.
/// </summary>
internal sealed class AirbenchNet : Module<Tensor, Tensor>, IDataInitialized, IEpochAware, IOwnLrSchedule
{
    /// <summary>The stem bias trains during epochs 0, 1, 2 and is frozen from epoch 3 on.</summary>
    public const int WhiteningBiasEpochs = 3;
    private const double OutputScale = 1.0 / 9;

    private readonly WhiteningStem stem;
    private readonly Sequential groups;
    private readonly MaxPool2d pool;
    private readonly ClassifierHead head;
    private readonly bool stemBiasDecays;

    public AirbenchNet(AirbenchSpec spec, ModelOptions o) : base(nameof(AirbenchNet))
    {
        stem = new WhiteningStem(3);
        groups = Sequential();
        var channels = stem.OutChannels;
        foreach (var baseWidth in spec.Widths)
        {
            var width = Layers.Scale(baseWidth, o.Width);
            groups.append(new AirbenchGroup(channels, width, spec.Residual, spec.BatchNormMomentum));
            channels = width;
        }
        pool = MaxPool2d(3);
        head = new ClassifierHead(channels, o.NumClasses, o.Dropout, bias: false,
            scale: spec.UnitStdHeadOverWidth ? 1.0 / channels : OutputScale);
        if (spec.UnitStdHeadOverWidth)
        {
            head.ScaleWeightToUnitStd();
        }
        stemBiasDecays = spec.StemBiasDecays;
        RegisterComponents();
    }

    internal WhiteningStem Stem => stem;

    public override Tensor forward(Tensor input) => head.call(pool.call(groups.call(stem.call(input))));

    public void InitializeFromData(Tensor normalizedTrainImages) => stem.InitializeFromData(normalizedTrainImages);

    public void OnEpochStart(int epoch) => stem.SetBiasTrainable(epoch < WhiteningBiasEpochs);

    public IReadOnlyList<Parameter> OwnScheduleParameters => stemBiasDecays ? [stem.Conv.bias!] : [];

    /// <summary>airbench94_muon.py: lr x (1 - step / bias_steps), bias_steps = 3 epochs of steps; the bias is frozen
    /// from then on (<see cref="OnEpochStart"/>), so the multiplier never needs to go below zero.</summary>
    public double OwnLrMultiplier(int globalStep, int stepsPerEpoch) =>
        Math.Max(0, 1 - globalStep / (double)(WhiteningBiasEpochs * stepsPerEpoch));
}

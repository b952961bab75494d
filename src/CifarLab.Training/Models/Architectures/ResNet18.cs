using CifarLab.Contract;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// ResNet-18 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016) with the customary CIFAR stem:
/// one 3x3 conv at stride 1 and no max-pool, so the four stages of two <see cref="BasicBlock"/>s see 32, 16, 8 and
/// 4 pixels; global average pool and a linear classifier. With BatchNorm this is the widely used CIFAR ResNet-18 of
/// 11,173,962 parameters (e.g. kuangliu/pytorch-cifar).
/// </summary>
internal sealed class ResNet18 : Module<Tensor, Tensor>
{
    internal static ModelInfo Info { get; } = new(ModelSpecs.ResNet18, o => new ResNet18(o));

    private static readonly int[] StageWidths = [64, 128, 256, 512];
    private const int BlocksPerStage = 2;

    private readonly ConvNormAct stem;
    private readonly Sequential stages;
    private readonly ClassifierHead head;

    private ResNet18(ModelOptions o) : base(nameof(ResNet18))
    {
        long channels = Layers.Scale(StageWidths[0], o.Width);
        stem = new ConvNormAct(3, channels, o.Norm);
        stages = Sequential();
        for (var stage = 0; stage < StageWidths.Length; stage++)
        {
            var width = Layers.Scale(StageWidths[stage], o.Width);
            for (var block = 0; block < BlocksPerStage; block++)
            {
                // Each stage after the first halves the resolution in its first block.
                var stride = stage > 0 && block == 0 ? 2 : 1;
                stages.append(new BasicBlock(channels, width, stride, o.Norm));
                channels = width;
            }
        }
        head = new ClassifierHead(channels, o.NumClasses, o.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        head.call(stages.call(stem.call(input)).mean([2, 3]));
}

using CifarLab.Contract;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// He et al.'s CIFAR ResNets of depth 6n + 2 (ResNet-20/32/44/56/110; "Deep Residual Learning for Image
/// Recognition", CVPR 2016, section 4.2; <see cref="CifarResNetPlan"/>): a 3x3 conv to 16 channels, three stages of n
/// <see cref="BasicBlock"/>s at 16, 32, 64 channels (the first block of stages 2 and 3 at stride 2), global average
/// pool, linear classifier. Shortcuts are the paper's option A (<see cref="ZeroPadShortcut"/>), so the network has the
/// parameter counts of its table 6 (ResNet-20: 0.27M).
/// </summary>
internal sealed class CifarResNet : Module<Tensor, Tensor>
{
    /// <summary>The catalog entry of ResNet-<paramref name="depth"/>.</summary>
    internal static ModelInfo Info(int depth)
    {
        var blocks = CifarResNetPlan.BlocksPerStage(depth);
        return new(ModelSpecs.CifarResNetOfDepth(depth), o => new CifarResNet(o, blocks));
    }

    private readonly ConvNormAct stem;
    private readonly Sequential stages;
    private readonly ClassifierHead head;

    private CifarResNet(ModelOptions o, int blocksPerStage) : base(nameof(CifarResNet))
    {
        long channels = Layers.Scale(CifarResNetPlan.StageWidths[0], o.Width);
        stem = new ConvNormAct(3, channels, o.Norm);
        stages = Sequential();
        for (var stage = 0; stage < CifarResNetPlan.StageWidths.Count; stage++)
        {
            var width = Layers.Scale(CifarResNetPlan.StageWidths[stage], o.Width);
            for (var block = 0; block < blocksPerStage; block++)
            {
                var stride = stage > 0 && block == 0 ? 2 : 1;
                stages.append(new BasicBlock(channels, width, stride, o.Norm, zeroPadShortcut: true));
                channels = width;
            }
        }
        head = new ClassifierHead(channels, o.NumClasses, o.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        head.call(stages.call(stem.call(input)).mean([2, 3]));
}

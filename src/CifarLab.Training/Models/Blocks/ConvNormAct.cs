using CifarLab.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>conv → norm → ReLU (ReLU optional), the unit of the VGG / ResNet / AlexNet style nets.</summary>
internal sealed class ConvNormAct : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly Module<Tensor, Tensor> norm;
    private readonly Module<Tensor, Tensor> act;

    /// <param name="padding">Defaults to "same" for odd kernels at stride 1.</param>
    /// <param name="relu">False for the last conv of a residual branch, whose ReLU comes after the add.</param>
    public ConvNormAct(long inChannels, long outChannels, NormKind normKind, long kernelSize = 3, long stride = 1,
        long? padding = null, bool relu = true) : base(nameof(ConvNormAct))
    {
        conv = Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding ?? kernelSize / 2,
            bias: Layers.ConvBias(normKind));
        norm = Layers.Norm2d(normKind, outChannels);
        act = relu ? ReLU() : Identity();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => act.call(norm.call(conv.call(input)));
}

using CifarLab.Training.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// ResNet's two-conv block (He et al., CVPR 2016, fig. 2): relu(norm(conv(relu(norm(conv(x))))) + shortcut(x)).
/// The shortcut is the identity, or when the shape changes either a strided 1x1 conv + norm ("option B") or, with
/// <c>zeroPadShortcut</c>, the parameter-free "option A" (<see cref="ZeroPadShortcut"/>).
/// </summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly ConvNormAct conv1;
    private readonly ConvNormAct conv2;
    private readonly Module<Tensor, Tensor> shortcut;

    public BasicBlock(long inChannels, long outChannels, long stride, NormKind norm, bool zeroPadShortcut = false) : base(nameof(BasicBlock))
    {
        conv1 = new ConvNormAct(inChannels, outChannels, norm, stride: stride);
        conv2 = new ConvNormAct(outChannels, outChannels, norm, relu: false);
        shortcut = stride == 1 && inChannels == outChannels
            ? Identity()
            : zeroPadShortcut
                ? new ZeroPadShortcut(inChannels, outChannels, stride)
                : new ConvNormAct(inChannels, outChannels, norm, kernelSize: 1, stride: stride, relu: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        functional.relu(conv2.call(conv1.call(input)) + shortcut.call(input));
}

using CifarLab.Contract;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// David Page's DAWNBench ResNet-9 ("How to train your ResNet", Myrtle.ai 2018; davidcpage/cifar10-fast):
/// prep conv 64 → [conv 128, pool, residual(conv 128, conv 128)] → [conv 256, pool] →
/// [conv 512, pool, residual(conv 512, conv 512)] → global max pool → linear (no bias) → × 0.125.
/// Every conv is 3x3 without bias, followed by norm and ReLU; pools are 2x2 max-pools after the ReLU.
/// </summary>
internal sealed class ResNet9 : Module<Tensor, Tensor>
{
    internal static ModelInfo Info { get; } = new(ModelSpecs.ResNet9, o => new ResNet9(o));

    /// <summary>Page's fixed logit scale: keeps the summed loss tame at his learning rates.</summary>
    private const double OutputScale = 0.125;

    private readonly Sequential body;
    private readonly ClassifierHead head;

    private ResNet9(ModelOptions o) : base(nameof(ResNet9))
    {
        int C(int n) => Layers.Scale(n, o.Width);
        ConvNormAct Conv(long cin, long cout) => new(cin, cout, o.Norm);
        Residual ResidualPair(long c) => new(Sequential(Conv(c, c), Conv(c, c)));

        body = Sequential(
            ("prep", Conv(3, C(64))),
            ("layer1", Sequential(Conv(C(64), C(128)), MaxPool2d(2), ResidualPair(C(128)))),
            ("layer2", Sequential(Conv(C(128), C(256)), MaxPool2d(2))),
            ("layer3", Sequential(Conv(C(256), C(512)), MaxPool2d(2), ResidualPair(C(512)))));
        head = new ClassifierHead(C(512), o.NumClasses, o.Dropout, bias: false, scale: OutputScale);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => head.call(body.call(input).amax(2, 3));
}

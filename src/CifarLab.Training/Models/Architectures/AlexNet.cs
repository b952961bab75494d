using CifarLab.Contract;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// AlexNet (Krizhevsky, Sutskever &amp; Hinton, NeurIPS 2012) shrunk for 32x32 inputs: five 3x3 convs with
/// 64/192/384/256/256 channels (the one-GPU channel plan of torchvision's alexnet), a 2x2 max-pool after convs 1, 2
/// and 5 (32 → 16 → 8 → 4), then dropout → FC 1024 → ReLU → dropout → FC 1024 → ReLU → FC classes.
/// The hidden FCs are 1024 wide instead of 4096: 10 classes from a 4x4x256 map need no 37M-parameter classifier.
/// The configured norm replaces the original local response normalization; dropout p = <see cref="ModelOptions.Dropout"/>
/// (the paper used 0.5).
/// </summary>
internal sealed class AlexNet : Module<Tensor, Tensor>
{
    internal static ModelInfo Info { get; } = new(ModelSpecs.AlexNet, o => new AlexNet(o));

    private const int HiddenUnits = 1024;
    private const int FinalMapSide = 4;

    private readonly Sequential features;
    private readonly Sequential hidden;
    private readonly ClassifierHead head;

    private AlexNet(ModelOptions o) : base(nameof(AlexNet))
    {
        int C(int n) => Layers.Scale(n, o.Width);
        features = Sequential(
            new ConvNormAct(3, C(64), o.Norm), MaxPool2d(2),
            new ConvNormAct(C(64), C(192), o.Norm), MaxPool2d(2),
            new ConvNormAct(C(192), C(384), o.Norm),
            new ConvNormAct(C(384), C(256), o.Norm),
            new ConvNormAct(C(256), C(256), o.Norm), MaxPool2d(2));
        var hiddenUnits = C(HiddenUnits);
        hidden = Sequential(
            Flatten(),
            Layers.DropoutOrIdentity(o.Dropout), Linear(C(256) * FinalMapSide * FinalMapSide, hiddenUnits), ReLU(),
            Layers.DropoutOrIdentity(o.Dropout), Linear(hiddenUnits, hiddenUnits), ReLU());
        head = new ClassifierHead(hiddenUnits, o.NumClasses, dropoutP: 0);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => head.call(hidden.call(features.call(input)));
}

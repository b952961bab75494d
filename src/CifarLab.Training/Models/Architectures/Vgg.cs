using CifarLab.Contract;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// VGG-11, configuration "A" of Simonyan &amp; Zisserman (ICLR 2015), in its usual CIFAR form: 3x3 convs
/// 64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M with a norm and ReLU after each conv; five 2x2 pools take
/// 32x32 to 1x1, so the classifier is a single linear layer on the 512 features.
/// </summary>
internal sealed class Vgg : Module<Tensor, Tensor>
{
    internal static ModelInfo Info { get; } = new(ModelSpecs.Vgg, o => new Vgg(o));

    /// <summary>Channel plan; 0 marks a 2x2 max-pool.</summary>
    private static readonly int[] Config = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0];

    private readonly Sequential features;
    private readonly ClassifierHead head;

    private Vgg(ModelOptions o) : base(nameof(Vgg))
    {
        features = Sequential();
        long channels = 3;
        foreach (var entry in Config)
        {
            if (entry == 0)
            {
                features.append(MaxPool2d(2));
                continue;
            }
            var next = Layers.Scale(entry, o.Width);
            features.append(new ConvNormAct(channels, next, o.Norm));
            channels = next;
        }
        head = new ClassifierHead(channels, o.NumClasses, o.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => head.call(features.call(input));
}

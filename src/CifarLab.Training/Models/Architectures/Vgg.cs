using CifarLab.Contract;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// VGG-11/13/16/19, configurations A, B, D, E of Simonyan &amp; Zisserman (ICLR 2015) (<see cref="VggPlans"/>), in
/// their usual CIFAR form: 3x3 convs with a norm and ReLU after each; five 2x2 pools take 32x32 to 1x1, so the
/// classifier is a single linear layer on the 512 features.
/// </summary>
internal sealed class Vgg : Module<Tensor, Tensor>
{
    /// <summary>The catalog entry of VGG-<paramref name="depth"/>.</summary>
    internal static ModelInfo Info(int depth)
    {
        var plan = VggPlans.Plan(depth);
        return new(ModelSpecs.VggOfDepth(depth), o => new Vgg(o, plan));
    }

    private readonly Sequential features;
    private readonly ClassifierHead head;

    private Vgg(ModelOptions o, int[] plan) : base(nameof(Vgg))
    {
        features = Sequential();
        long channels = 3;
        foreach (var entry in plan)
        {
            if (entry == VggPlans.Pool)
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

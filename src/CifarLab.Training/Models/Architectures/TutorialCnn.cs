using CifarLab.Contract;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// The small LeNet-style net of PyTorch's "Training a classifier" tutorial: conv 3→6 k5, pool, conv 6→16 k5, pool,
/// fc 400→120→84→10 with ReLUs (62,006 parameters without norm). Norm, if any, sits between each conv and its ReLU.
/// </summary>
internal sealed class TutorialCnn : Module<Tensor, Tensor>
{
    internal static ModelInfo Info { get; } = new(ModelSpecs.TutorialCnn, o => new TutorialCnn(o));

    private readonly ConvNormAct conv1;
    private readonly ConvNormAct conv2;
    private readonly MaxPool2d pool;
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly ClassifierHead head;

    private TutorialCnn(ModelOptions o) : base(nameof(TutorialCnn))
    {
        var c1 = Layers.Scale(6, o.Width);
        var c2 = Layers.Scale(16, o.Width);
        var h1 = Layers.Scale(120, o.Width);
        var h2 = Layers.Scale(84, o.Width);
        // Unpadded 5x5 convs: 32 → 28 → pool 14 → 10 → pool 5.
        conv1 = new ConvNormAct(3, c1, o.Norm, kernelSize: 5, padding: 0);
        conv2 = new ConvNormAct(c1, c2, o.Norm, kernelSize: 5, padding: 0);
        pool = MaxPool2d(2);
        fc1 = Linear(c2 * 5 * 5, h1);
        fc2 = Linear(h1, h2);
        head = new ClassifierHead(h2, o.NumClasses, o.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = pool.call(conv2.call(pool.call(conv1.call(input)))).flatten(1);
        x = functional.relu(fc1.call(x));
        x = functional.relu(fc2.call(x));
        return head.call(x);
    }
}

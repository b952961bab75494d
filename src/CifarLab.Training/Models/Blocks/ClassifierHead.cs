using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// flatten → dropout → linear → × scale. The fixed output scale is part of ResNet-9 (0.125) and airbench (1/9):
/// it tempers the logits so a summed loss with a large learning rate starts out stable.
/// </summary>
internal sealed class ClassifierHead : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> dropout;
    private readonly Linear linear;
    private readonly double scale;

    public ClassifierHead(long features, int classes, double dropoutP, bool bias = true, double scale = 1.0)
        : base(nameof(ClassifierHead))
    {
        dropout = Layers.DropoutOrIdentity(dropoutP);
        linear = Linear(features, classes, hasBias: bias);
        this.scale = scale;
        RegisterComponents();
    }

    /// <summary>Divides the linear weight by its standard deviation (airbench94_muon.py's head initialisation).</summary>
    public void ScaleWeightToUnitStd()
    {
        using var _ = no_grad();
        using var std = linear.weight!.std();
        linear.weight.div_(std);
    }

    public override Tensor forward(Tensor input)
    {
        var logits = linear.call(dropout.call(input.flatten(1)));
        return scale == 1.0 ? logits : logits * scale;
    }
}

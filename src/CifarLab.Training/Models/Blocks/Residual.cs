using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>x + body(x): an identity skip around a shape-preserving body.</summary>
internal sealed class Residual : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> body;

    public Residual(Module<Tensor, Tensor> body) : base(nameof(Residual))
    {
        this.body = body;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => input + body.call(input);
}

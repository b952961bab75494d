using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// One conv group of airbench (Jordan 2024, arXiv 2404.00498): conv1 → maxpool 2 → BN → GELU, then
/// conv2 → BN → GELU (airbench94), or with <c>residual</c> (airbench96) conv2 → BN → GELU → conv3 → BN, add the
/// group's first activation, GELU. Pooling before the norm makes BN and GELU run on a quarter of the pixels.
/// </summary>
internal sealed class AirbenchGroup : Module<Tensor, Tensor>
{
    /// <summary>airbench's BN epsilon, far below float32 resolution of typical variances: effectively no epsilon.</summary>
    private const double BatchNormEps = 1e-12;

    private readonly Conv2d conv1;
    private readonly MaxPool2d pool;
    private readonly BatchNorm2d norm1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d norm2;
    private readonly Conv2d? conv3;
    private readonly BatchNorm2d? norm3;
    private readonly GELU act;

    /// <param name="batchNormMomentum">Running-stat momentum in PyTorch's convention (new = (1-m) old + m batch).</param>
    public AirbenchGroup(long inChannels, long outChannels, bool residual, double batchNormMomentum)
        : base(nameof(AirbenchGroup))
    {
        conv1 = IdentityInitConv(inChannels, outChannels);
        pool = MaxPool2d(2);
        norm1 = FrozenScaleBatchNorm(outChannels, batchNormMomentum);
        conv2 = IdentityInitConv(outChannels, outChannels);
        norm2 = FrozenScaleBatchNorm(outChannels, batchNormMomentum);
        if (residual)
        {
            conv3 = IdentityInitConv(outChannels, outChannels);
            norm3 = FrozenScaleBatchNorm(outChannels, batchNormMomentum);
        }
        act = GELU();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x0 = act.call(norm1.call(pool.call(conv1.call(input))));
        var x = act.call(norm2.call(conv2.call(x0)));
        if (conv3 is null || norm3 is null) return x;
        return act.call(norm3.call(conv3.call(x)) + x0);
    }

    /// <summary>
    /// 3x3 "same" conv without bias: PyTorch's default init, then the first min(in, out) filters set to the identity
    /// (Dirac) so that at initialisation the group passes its input channels through.
    /// </summary>
    private static Conv2d IdentityInitConv(long inChannels, long outChannels)
    {
        var conv = Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        using (no_grad())
        {
            init.dirac_(conv.weight!.narrow(0, 0, Math.Min(inChannels, outChannels)));
        }
        return conv;
    }

    /// <summary>BN whose scale stays at 1 (not trained, so not decayed either); only the shift trains.</summary>
    private static BatchNorm2d FrozenScaleBatchNorm(long channels, double momentum)
    {
        var norm = BatchNorm2d(channels, eps: BatchNormEps, momentum: momentum);
        norm.weight.requires_grad = false;
        return norm;
    }
}

using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Evaluation;

/// <summary>
/// Test-time augmentation. FlipTranslate is airbench94's: f(x) = (net(x) + net(flip x)) / 2 and
/// logits = f(x)/2 + (f(shift up-left) + f(shift down-right))/4, shifts by one pixel from a
/// reflect-padded copy (Jordan 2024, arXiv 2404.00498).
/// </summary>
public static class Tta
{
    public static Tensor Logits(nn.Module<Tensor, Tensor> model, Tensor x, TtaMode mode)
    {
        ArgumentNullException.ThrowIfNull(model);
        return mode switch
        {
            TtaMode.None => Forward(model, x),
            TtaMode.Flip => FlipAveraged(model, x),
            TtaMode.FlipTranslate => FlipTranslate(model, x),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), $"unknown TTA mode {mode}"),
        };
    }

    private static Tensor FlipAveraged(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        using var scope = NewDisposeScope();
        return Forward(model, x).add(Forward(model, x.flip(3))).mul(0.5).MoveToOuterDisposeScope();
    }

    /// <summary>One forward pass whose activations are freed as soon as it returns: only the logits
    /// leave the scope, so TTA's six passes never hold six sets of activations at once.</summary>
    private static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        using var scope = NewDisposeScope();
        return model.call(x).MoveToOuterDisposeScope();
    }

    private static Tensor FlipTranslate(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        var h = x.shape[2];
        var w = x.shape[3];
        var padded = nn.functional.pad(x, [1, 1, 1, 1], PaddingModes.Reflect);
        var upLeft = padded.narrow(2, 0, h).narrow(3, 0, w);
        var downRight = padded.narrow(2, 2, h).narrow(3, 2, w);
        return FlipAveraged(model, x).mul(0.5)
            .add(FlipAveraged(model, upLeft).add(FlipAveraged(model, downRight)).mul(0.25));
    }
}

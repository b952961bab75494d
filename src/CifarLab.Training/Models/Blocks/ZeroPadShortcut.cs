using static TorchSharp.torch;

namespace CifarLab.Training.Models;

/// <summary>
/// ResNet's parameter-free shortcut, "option A" of He et al., CVPR 2016, section 3.3: the identity, taking every
/// <c>stride</c>-th pixel when the block subsamples, with the extra output channels zero (split evenly before and
/// after the input's, the odd one after).
/// </summary>
internal sealed class ZeroPadShortcut : nn.Module<Tensor, Tensor>
{
    private readonly long _stride;
    private readonly long _before;
    private readonly long _after;

    public ZeroPadShortcut(long inChannels, long outChannels, long stride) : base(nameof(ZeroPadShortcut))
    {
        if (outChannels < inChannels || stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outChannels), $"a zero-padded shortcut widens ({inChannels} -> {outChannels}) and strides by 1 or more ({stride}).");
        }
        _stride = stride;
        _before = (outChannels - inChannels) / 2;
        _after = outChannels - inChannels - _before;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _stride == 1 ? input : input.slice(2, 0, input.shape[2], _stride).slice(3, 0, input.shape[3], _stride);
        // pad's list runs from the last dimension: (W left, W right, H top, H bottom, C before, C after).
        return nn.functional.pad(x, [0, 0, 0, 0, _before, _after]).MoveToOuterDisposeScope();
    }
}

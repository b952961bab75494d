using static TorchSharp.torch;

namespace CifarLab.Training.Tests.TestSupport;

public static class TensorAssert
{
    /// <summary>Same shape and every element equal (TorchSharp's equal() is elementwise, not torch.equal).</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
        {
            return false;
        }
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}

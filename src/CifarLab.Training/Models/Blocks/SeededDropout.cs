using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// Inverted dropout that draws its masks from a generator of its own instead of libtorch's process-wide one, so two
/// runs training in one process never change each other's masks, and the trainer can reseed it per epoch (a resumed
/// run then draws exactly the masks it would have drawn). The generator lives on the CPU (TorchSharp 0.107 builds
/// CPU generators even for CUDA devices); masks move to the input's device.
/// </summary>
internal sealed class SeededDropout : Module<Tensor, Tensor>
{
    private readonly double _p;
    private readonly Generator _generator = new(0, CPU);

    public SeededDropout(double p) : base(nameof(SeededDropout))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);
        _p = p;
        RegisterComponents();
    }

    public void Reseed(long seed) => _generator.manual_seed(seed);

    public override Tensor forward(Tensor input)
    {
        if (!training || _p == 0)
        {
            return input.alias();
        }
        using var scope = NewDisposeScope();
        var keep = rand(input.shape, ScalarType.Float32, CPU, generator: _generator).ge_(_p).to(input.device);
        return input.mul(keep.to_type(input.dtype)).div_(1 - _p).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _generator.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Seeds every per-module random source of a model for one epoch of one run.</summary>
internal static class ModuleRandomness
{
    public static void Reseed(Module model, long runSeed, int epoch)
    {
        var i = 0L;
        foreach (var dropout in model.modules().OfType<SeededDropout>())
        {
            dropout.Reseed(unchecked(runSeed * 7919L + epoch * 131L + i++));
        }
    }
}

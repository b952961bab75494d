using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// airbench's first layer: a 2x2 conv (no padding, with bias) 3 → 24 whose weights are fixed to the patch
/// whitening filters of the training data (see <see cref="PatchWhitening"/>), then GELU. The weight never trains;
/// the bias trains only for the first few epochs (<see cref="SetBiasTrainable"/>).
/// </summary>
internal sealed class WhiteningStem : Module<Tensor, Tensor>
{
    public const int KernelSize = 2;
    /// <summary>Only the first 5000 training images feed the covariance, as in airbench.</summary>
    public const int MaxImages = 5000;
    /// <summary>Added to each eigenvalue before 1/sqrt, bounding the gain on near-empty directions.</summary>
    public const double Eps = 5e-4;

    private readonly Conv2d conv;
    private readonly GELU act;

    public WhiteningStem(long inChannels) : base(nameof(WhiteningStem))
    {
        OutChannels = 2 * inChannels * KernelSize * KernelSize;
        conv = Conv2d(inChannels, OutChannels, KernelSize, stride: 1, padding: 0L, bias: true);
        act = GELU();
        using (no_grad())
        {
            conv.bias!.zero_();
        }
        conv.weight!.requires_grad = false;
        RegisterComponents();
    }

    public long OutChannels { get; }

    /// <summary>The conv, for inspection (tests, summaries).</summary>
    public Conv2d Conv => conv;

    public override Tensor forward(Tensor input) => act.call(conv.call(input));

    /// <summary>Sets the conv weight to the whitening filters of the first <see cref="MaxImages"/> images.</summary>
    public void InitializeFromData(Tensor normalizedImages)
    {
        ArgumentNullException.ThrowIfNull(normalizedImages);
        var inChannels = conv.weight!.shape[1];
        if (normalizedImages.dim() != 4 || normalizedImages.shape[1] != inChannels
            || normalizedImages.shape[2] < KernelSize || normalizedImages.shape[3] < KernelSize
            || normalizedImages.shape[0] < 1)
        {
            throw new ArgumentException(
                $"Whitening needs images shaped [N>=1, {inChannels}, H>={KernelSize}, W>={KernelSize}]; " +
                $"got [{string.Join(", ", normalizedImages.shape)}].", nameof(normalizedImages));
        }

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // On the CPU whatever the model's device: a 12x12 float64 eigendecomposition gains nothing from a GPU, and
        // keeping it off CUDA avoids the cuSOLVER path (which crashed a CUDA run of ours inside libtorch).
        var sample = normalizedImages.narrow(0, 0, Math.Min(MaxImages, normalizedImages.shape[0])).to(CPU);
        var covariance = PatchWhitening.PatchCovariance(sample, KernelSize);
        var filters = PatchWhitening.Filters(covariance, inChannels, KernelSize, Eps).to(conv.weight.dtype, conv.weight.device);
        // Checked in the weight's own type: a float64 filter can be finite and still overflow float32 or half.
        if (!filters.isfinite().all().ToBoolean())
        {
            var smallest = linalg.eigvalsh(covariance).min().ToDouble();
            throw TrainingDivergedException.NonFiniteStart(FormattableString.Invariant(
                $"the whitening stem's filters from {sample.shape[0]} images (smallest patch-covariance eigenvalue {smallest:G4}, epsilon {Eps})"));
        }
        conv.weight.copy_(filters);
    }

    /// <summary>Freezing also drops the stale gradient: TorchSharp's optimizer zero_grad zeroes gradients instead of
    /// removing them, and SGD with weight decay or momentum would keep moving a parameter that still has one.</summary>
    public void SetBiasTrainable(bool trainable)
    {
        var bias = conv.bias!;
        bias.requires_grad = trainable;
        if (!trainable) bias.grad = null;
    }
}

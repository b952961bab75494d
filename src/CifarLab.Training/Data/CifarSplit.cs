using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>
/// One split (train or test) held as two CPU tensors. The split owns them: they are detached from any
/// dispose scope and freed by <see cref="Dispose"/>.
/// </summary>
public sealed class CifarSplit : IDisposable
{
    /// <summary>Takes ownership of <paramref name="images"/> (uint8 [N,3,32,32]) and <paramref name="labels"/> (int64 [N]).</summary>
    public CifarSplit(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.dtype != ScalarType.Byte || images.ndim != 4 || images.shape[1] != CifarLayout.Channels
            || images.shape[2] != CifarLayout.ImageSize || images.shape[3] != CifarLayout.ImageSize)
        {
            throw new ArgumentException($"Images must be uint8 [N,3,32,32]; got {images.dtype} [{string.Join(",", images.shape)}].", nameof(images));
        }
        if (labels.dtype != ScalarType.Int64 || labels.ndim != 1 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"Labels must be int64 [{images.shape[0]}]; got {labels.dtype} [{string.Join(",", labels.shape)}].", nameof(labels));
        }
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        Count = checked((int)labels.shape[0]);
    }

    /// <summary>uint8 [N,3,32,32], channel planes R, G, B.</summary>
    public Tensor Images { get; }

    /// <summary>int64 [N], values 0..9.</summary>
    public Tensor Labels { get; }

    public int Count { get; }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

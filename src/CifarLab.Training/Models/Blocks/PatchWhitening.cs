using static TorchSharp.torch;

namespace CifarLab.Training.Models;

/// <summary>
/// The numerics behind airbench's whitening stem (Jordan 2024, arXiv 2404.00498, sec. 3.2): filters that map each
/// k x k image patch onto the eigenbasis of the patch covariance, scaled to unit variance.
/// Everything runs in float64: in float32 the covariance of millions of patches comes out slightly indefinite,
/// 1/sqrt of a negative eigenvalue is NaN and training diverges from the first step.
/// </summary>
internal static class PatchWhitening
{
    /// <summary>Images per chunk: 500 CIFAR images are ~480k patches, ~46 MB of float64 at a time.</summary>
    private const long ChunkImages = 500;

    /// <summary>
    /// Uncentered covariance E[p pᵀ] over all k x k patches (stride 1, no padding) of <paramref name="images"/>
    /// [N, C, H, W]; float64, [C·k·k, C·k·k], feature order (c, row, col) like a conv weight.
    /// </summary>
    public static Tensor PatchCovariance(Tensor images, int kernelSize)
    {
        var (n, c) = (images.shape[0], images.shape[1]);
        var dim = c * kernelSize * kernelSize;
        using var scope = NewDisposeScope();
        var sum = zeros(dim, dim, ScalarType.Float64, images.device);
        long count = 0;
        for (long start = 0; start < n; start += ChunkImages)
        {
            using var chunkScope = NewDisposeScope();
            var patches = images.narrow(0, start, Math.Min(ChunkImages, n - start)).to(ScalarType.Float64)
                .unfold(2, kernelSize, 1).unfold(3, kernelSize, 1) // [n, C, H', W', k, k]
                .permute(0, 2, 3, 1, 4, 5)                          // [n, H', W', C, k, k]
                .reshape(-1, dim);
            sum.add_(patches.t().matmul(patches));
            count += patches.shape[0];
        }
        return sum.div_(count).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Whitening filters [2·C·k·k, C, k, k] (float64): row i is eigenvector i / sqrt(eigenvalue i + eps), largest
    /// eigenvalue first, followed by the same filters negated (so a following GELU keeps both signs).
    /// </summary>
    public static Tensor Filters(Tensor covariance, long channels, int kernelSize, double eps)
    {
        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(covariance);                 // ascending; eigenvectors are columns
        var basis = vectors.t().flip(0);                                 // rows, largest eigenvalue first
        var scaled = basis / (values.flip(0) + eps).sqrt().unsqueeze(1);
        return cat([scaled, -scaled])
            .reshape(-1, channels, kernelSize, kernelSize)
            .MoveToOuterDisposeScope();
    }
}

namespace CifarLab.Contract;

/// <summary>
/// The CIFAR ResNets of He et al., "Deep Residual Learning for Image Recognition", CVPR 2016 (arXiv 1512.03385),
/// section 4.2: a 3x3 conv to 16 channels, three stages of n basic blocks (two 3x3 convs each) at 16, 32 and 64
/// channels on 32, 16 and 8 pixels, global average pooling and a linear classifier: 6n + 2 weight layers. Shortcuts
/// are option A, as the paper uses there: the identity, and where a stage halves the map and doubles the channels,
/// the identity subsampled by 2 with the new channels zero (no parameters), so ResNet-20 has the paper's 0.27M.
/// </summary>
public static class CifarResNetPlan
{
    /// <summary>The depths of the paper's table 6 (ResNet-1202 left out: 19.4M parameters, no gain).</summary>
    public static IReadOnlyList<int> Depths { get; } = [20, 32, 44, 56, 110];

    public static IReadOnlyList<int> StageWidths { get; } = [16, 32, 64];

    /// <summary>n for depth 6n + 2.</summary>
    public static int BlocksPerStage(int depth) =>
        depth >= 8 && (depth - 2) % 6 == 0
            ? (depth - 2) / 6
            : throw new ArgumentOutOfRangeException(nameof(depth), depth, $"a CIFAR ResNet's depth is 6n + 2 (8, 14, 20, ...); got {depth}.");
}

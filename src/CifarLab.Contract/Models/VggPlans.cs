namespace CifarLab.Contract;

/// <summary>
/// VGG's layer plans by depth: configurations A (11), B (13), D (16) and E (19) of Simonyan &amp; Zisserman, "Very
/// Deep Convolutional Networks for Large-Scale Image Recognition", ICLR 2015, table 1: 3x3 conv channel counts, with
/// <see cref="Pool"/> for a 2x2 max-pool. Depth counts the weight layers (convs + the three FC layers of the ImageNet
/// net; the CIFAR form has one linear layer on the 512 features of the last 1x1 map). The engine builds from these and
/// the parameter formulas count from them.
/// </summary>
public static class VggPlans
{
    /// <summary>Marks a 2x2 max-pool in a plan.</summary>
    public const int Pool = 0;

    private const int P = Pool;

    private static readonly Dictionary<int, int[]> ByDepth = new()
    {
        [11] = [64, P, 128, P, 256, 256, P, 512, 512, P, 512, 512, P],
        [13] = [64, 64, P, 128, 128, P, 256, 256, P, 512, 512, P, 512, 512, P],
        [16] = [64, 64, P, 128, 128, P, 256, 256, 256, P, 512, 512, 512, P, 512, 512, 512, P],
        [19] = [64, 64, P, 128, 128, P, 256, 256, 256, 256, P, 512, 512, 512, 512, P, 512, 512, 512, 512, P],
    };

    /// <summary>11, 13, 16, 19.</summary>
    public static IReadOnlyList<int> Depths { get; } = [.. ByDepth.Keys.Order()];

    /// <summary>The plan of VGG-<paramref name="depth"/> (a copy).</summary>
    public static int[] Plan(int depth) =>
        ByDepth.TryGetValue(depth, out var plan)
            ? [.. plan]
            : throw new ArgumentOutOfRangeException(nameof(depth), depth, $"VGG depth {depth} has no configuration; allowed: {string.Join(", ", Depths)}.");
}

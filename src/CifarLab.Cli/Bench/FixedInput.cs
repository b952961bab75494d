using static TorchSharp.torch;

namespace CifarLab.Cli.Bench;

/// <summary>
/// A deterministic input batch that bench/pytorch_ref.py rebuilds bit for bit without sharing a random generator:
/// element i (row-major over [N,3,32,32]) is ((i x 2654435761) mod 2^32) / 2^32 x 4 - 2, a Knuth multiplicative hash
/// spread over [-2, 2) (about the range of normalized CIFAR pixels). Every step is exact in float64; the single
/// rounding to float32 is the same in both languages.
/// </summary>
public static class FixedInput
{
    public const int Images = 4;
    private const ulong Multiplier = 2654435761;

    public static float Value(long index) =>
        (float)(((ulong)index * Multiplier % (1UL << 32)) / 4294967296.0 * 4 - 2);

    public static Tensor Create(int images = Images)
    {
        var n = (long)images * 3 * 32 * 32;
        var data = new float[n];
        for (long i = 0; i < n; i++)
        {
            data[i] = Value(i);
        }
        return tensor(data, [images, 3, 32, 32]);
    }
}

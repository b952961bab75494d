namespace CifarLab.Training.Data;

/// <summary>
/// The held-out validation images of a run (<see cref="RunConfig.ValidationImages"/>): a stratified sample of the
/// training pool (the first TrainLimit images, or all of them), drawn from the run's seed with a generator of its own
/// (SplitMix64, never torch's), so that the same seed always holds out the same images and a resumed run recomputes
/// them. Pure arithmetic on the labels: bench/pytorch_ref.py can draw the same split.
/// </summary>
/// <remarks>
/// Each class gives images in proportion to its share of the pool (largest remainders, ties to the lower class), so
/// the balanced CIFAR-10 set gives exactly count/10 per class. Within a class a Fisher–Yates shuffle of its indices (in
/// pool order, classes 0 to 9 in turn, one stream) picks the first quota. Both index lists come back in pool order.
/// </remarks>
public sealed record ValidationSplit(int[] TrainIndices, int[] ValidationIndices)
{
    /// <summary>Mixed into the seed so this stream differs from every other use of the seed.</summary>
    public const ulong Salt = 0x5641_4C49_4441_5445; // "VALIDATE"

    /// <param name="labels">The pool's labels, 0..<see cref="CifarLayout.ClassCount"/> - 1.</param>
    /// <param name="count">Images to hold out: more than 0, fewer than the pool.</param>
    /// <param name="seed">The run's seed.</param>
    public static ValidationSplit Draw(IReadOnlyList<long> labels, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count >= labels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"A validation split of {count} images must leave training images in a pool of {labels.Count}.");
        }
        var byClass = Enumerable.Range(0, CifarLayout.ClassCount).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < labels.Count; i++)
        {
            byClass[labels[i]].Add(i);
        }
        var quotas = Quotas(byClass.Select(c => c.Count).ToArray(), count);
        var rng = new SplitMix64(unchecked((ulong)(long)seed ^ Salt));
        var held = new bool[labels.Count];
        for (var c = 0; c < byClass.Length; c++)
        {
            var members = byClass[c].ToArray();
            for (var i = members.Length - 1; i > 0; i--)
            {
                var j = (int)rng.Below((ulong)i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }
            foreach (var index in members.Take(quotas[c]))
            {
                held[index] = true;
            }
        }
        var all = Enumerable.Range(0, labels.Count);
        return new ValidationSplit(all.Where(i => !held[i]).ToArray(), all.Where(i => held[i]).ToArray());
    }

    /// <summary>Per-class shares of <paramref name="count"/> proportional to the class sizes (Hamilton's method).</summary>
    public static int[] Quotas(int[] classSizes, int count)
    {
        ArgumentNullException.ThrowIfNull(classSizes);
        long total = classSizes.Sum();
        var quotas = classSizes.Select(n => (int)((long)n * count / total)).ToArray();
        var order = Enumerable.Range(0, classSizes.Length)
            .OrderByDescending(c => (long)classSizes[c] * count % total)
            .ThenBy(c => c)
            .ToArray();
        for (var k = 0; quotas.Sum() < count; k++)
        {
            quotas[order[k]]++;
        }
        return quotas;
    }

    /// <summary>SplitMix64 (Steele et al. 2014): tiny, fast and the same in every language.</summary>
    private sealed class SplitMix64(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            _state += 0x9E37_79B9_7F4A_7C15;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, n): the top bits times n (Lemire's multiply without the rejection; bias below 2^-40 for n ≤ 50 000).</summary>
        public ulong Below(ulong n) => (ulong)(((UInt128)Next() * n) >> 64);
    }
}

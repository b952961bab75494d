using CifarLab.Training.Data;

namespace CifarLab.Training.Tests.Data;

/// <summary><see cref="ValidationSplit"/>: stratified, disjoint, complete, the same for a seed and different across
/// seeds; no torch involved.</summary>
public sealed class ValidationSplitTests
{
    /// <summary>A balanced pool of 50 000 labels in a scrambled order, as in CIFAR-10's training batches.</summary>
    private static readonly long[] Balanced = Enumerable.Range(0, 50_000).Select(i => (long)(i * 7 % 10)).ToArray();

    [Fact]
    public void The_default_5000_holds_out_exactly_500_per_class_disjoint_from_training()
    {
        var split = ValidationSplit.Draw(Balanced, 5000, seed: 42);

        Assert.Equal(5000, split.ValidationIndices.Length);
        Assert.Equal(45_000, split.TrainIndices.Length);
        Assert.Empty(split.TrainIndices.Intersect(split.ValidationIndices));
        Assert.Equal(Enumerable.Range(0, 50_000), split.TrainIndices.Concat(split.ValidationIndices).Order());
        Assert.All(split.ValidationIndices.GroupBy(i => Balanced[i]), g => Assert.Equal(500, g.Count()));
        Assert.Equal(10, split.ValidationIndices.Select(i => Balanced[i]).Distinct().Count());
        Assert.Equal(split.TrainIndices.Order(), split.TrainIndices); // pool order kept
    }

    [Fact]
    public void The_same_seed_draws_the_same_split_and_other_seeds_draw_others()
    {
        var a = ValidationSplit.Draw(Balanced, 5000, seed: 42);
        var again = ValidationSplit.Draw(Balanced, 5000, seed: 42);
        Assert.Equal(a.ValidationIndices, again.ValidationIndices);
        foreach (var seed in new[] { 43, -42, 0, int.MaxValue })
        {
            var other = ValidationSplit.Draw(Balanced, 5000, seed);
            var shared = other.ValidationIndices.Intersect(a.ValidationIndices).Count();
            // Two independent 10% samples share about 10% of their images.
            Assert.InRange(shared, 300, 700);
        }
    }

    [Fact]
    public void An_unbalanced_pool_gives_each_class_its_proportional_share()
    {
        // 600 of class 0, 300 of class 1, 100 of class 2 (a TrainLimit that happens to be skewed).
        var labels = Enumerable.Repeat(0L, 600).Concat(Enumerable.Repeat(1L, 300)).Concat(Enumerable.Repeat(2L, 100)).ToArray();
        var split = ValidationSplit.Draw(labels, 101, seed: 5);
        var perClass = split.ValidationIndices.GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(101, split.ValidationIndices.Length);
        Assert.Equal(new Dictionary<long, int> { [0] = 61, [1] = 30, [2] = 10 }, perClass); // 60.6, 30.3, 10.1: the largest remainder rounds up
    }

    [Fact]
    public void Quotas_add_up_and_ties_go_to_the_lower_class()
    {
        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], ValidationSplit.Quotas([10, 10, 10, 10, 10, 10, 10, 10, 10, 10], 3));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], ValidationSplit.Quotas([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], 0));
    }

    [Fact]
    public void A_split_that_leaves_no_training_image_is_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ValidationSplit.Draw(Balanced.Take(100).ToArray(), 100, 1));
        Assert.Contains("must leave training images", ex.Message, StringComparison.Ordinal);
    }
}

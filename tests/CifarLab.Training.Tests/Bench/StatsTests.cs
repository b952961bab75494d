using CifarLab.Cli.Bench;

namespace CifarLab.Training.Tests.Bench;

public sealed class StatsTests
{
    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(3, Stats.Median([5, 1, 3]));
        Assert.Equal(2.5, Stats.Median([4, 1, 3, 2]));
        Assert.Equal(7, Stats.Median([7]));
    }

    [Fact]
    public void Quantile_interpolates_between_order_statistics()
    {
        Assert.Equal(1, Stats.Quantile([1, 2, 3, 4, 5], 0));
        Assert.Equal(5, Stats.Quantile([1, 2, 3, 4, 5], 1));
        Assert.Equal(4.6, Stats.Quantile([1, 2, 3, 4, 5], 0.9), 12);
        Assert.Throws<ArgumentException>(() => Stats.Quantile([], 0.5));
    }

    [Fact]
    public void Slope_is_the_least_squares_gradient_per_index()
    {
        Assert.Equal(2, Stats.Slope([1, 3, 5, 7]), 12);
        Assert.Equal(0, Stats.Slope([4, 4, 4]), 12);
        // Noise around a flat line: the fit averages it out instead of reading last - first.
        Assert.Equal(0, Stats.Slope([10, 12, 10, 12, 10, 12, 10, 12, 11, 11]), 1);
        Assert.Equal(0, Stats.Slope([42]));
    }
}

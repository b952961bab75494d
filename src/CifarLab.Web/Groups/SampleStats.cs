namespace CifarLab.Web.Groups;

/// <summary>Mean and sample standard deviation (n-1 in the denominator) of some values; Std is null for fewer than two.</summary>
public sealed record SampleStats(int Count, double? Mean, double? Std, double? Min, double? Max)
{
    public static SampleStats Of(IEnumerable<double> values)
    {
        var xs = values.Where(double.IsFinite).ToList();
        if (xs.Count == 0)
        {
            return new SampleStats(0, null, null, null, null);
        }
        var mean = xs.Average();
        double? std = xs.Count < 2 ? null : Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1));
        return new SampleStats(xs.Count, mean, std, xs.Min(), xs.Max());
    }

}

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

    /// <summary>"93.12% ± 0.21" style text for a fraction shown in percent.</summary>
    public string Percent() => Mean is not { } m ? "—" : Std is { } s ? $"{m:P2} ± {s * 100:F2}" : $"{m:P2}";

    public string Seconds() => Mean is not { } m ? "—" : Std is { } s ? $"{m:F1} s ± {s:F1}" : $"{m:F1} s";
}

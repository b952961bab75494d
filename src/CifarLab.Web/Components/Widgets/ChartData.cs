namespace CifarLab.Web.Components.Widgets;

/// <summary>One point: X is a number (epoch) or a category (class name); Y null leaves a gap. A band's point has
/// Low and High instead.</summary>
public sealed record ChartPoint(object X, double? Y, double? Low = null, double? High = null);

/// <summary>A series; <see cref="Band"/> draws it as a shaded range (Apex rangeArea) between each point's Low and High.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Data, bool Band = false)
{
    /// <summary>The series as Apex reads it; in a chart with bands every series names its type.</summary>
    public object ToApex(bool mixed) => Band
        ? new { name = Name, type = "rangeArea", data = Data.Select(p => new { x = p.X, y = new[] { p.Low, p.High } }) }
        : mixed
            ? new { name = Name, type = "line", data = Data.Select(p => new { x = p.X, y = (object?)p.Y }) }
            : (object)new { name = Name, data = Data.Select(p => new { x = p.X, y = p.Y }) };
}

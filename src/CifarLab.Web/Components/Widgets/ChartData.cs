namespace CifarLab.Web.Components.Widgets;

/// <summary>One point: X is a number (epoch) or a category (class name); Y null leaves a gap.</summary>
public sealed record ChartPoint(object X, double? Y);

public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Data);

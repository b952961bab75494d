using CifarLab.Web.Groups;
using System.Globalization;

namespace CifarLab.Web.Components.Widgets;

/// <summary>How numbers look on every page.</summary>
public static class Format
{
    public static string Percent(double? v) => v is { } x ? x.ToString("P2", CultureInfo.InvariantCulture) : "—";

    /// <summary>A group's mean ± sample std of a fraction, in percent ("85.00% ± 7.07 pp"); the mean alone for one value.</summary>
    public static string PercentSpread(SampleStats s) =>
        s.Mean is null ? "—" : s.Std is { } sd ? $"{Percent(s.Mean)} ± {(sd * 100).ToString("F2", CultureInfo.InvariantCulture)} pp" : Percent(s.Mean);

    /// <summary>A group's mean ± sample std of a duration.</summary>
    public static string DurationSpread(SampleStats s) =>
        s.Mean is null ? "—" : s.Std is { } sd ? $"{Duration(s.Mean)} ± {Duration(sd)}" : Duration(s.Mean);

    public static string Number(double? v, string format = "G4") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string Count(long? v) => v is { } x ? x.ToString("N0", CultureInfo.InvariantCulture) : "—";

    public static string Duration(double? seconds)
    {
        if (seconds is not { } s || !double.IsFinite(s))
        {
            return "—";
        }
        var t = TimeSpan.FromSeconds(s);
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:00}s" : $"{s:F1}s";
    }

    public static string When(DateTime? utc) =>
        utc is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";
}

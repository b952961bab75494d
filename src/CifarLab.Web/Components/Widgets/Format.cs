using System.Globalization;

namespace CifarLab.Web.Components.Widgets;

/// <summary>How numbers look on every page.</summary>
public static class Format
{
    public static string Percent(double? v) => v is { } x ? x.ToString("P2", CultureInfo.InvariantCulture) : "—";

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

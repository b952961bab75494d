namespace CifarLab.Web.Data;

/// <summary>Tags are stored as ",a,b," so a tag filter is one exact LIKE '%,tag,%' that never matches a longer tag.</summary>
public static class TagText
{
    public static string Join(IEnumerable<string>? tags)
    {
        var clean = (tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return clean.Count == 0 ? "" : "," + string.Join(',', clean) + ",";
    }

    public static IReadOnlyList<string> Split(string? stored) =>
        (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Splits user input on commas and whitespace.</summary>
    public static IReadOnlyList<string> Parse(string? input) =>
        (input ?? "").Split([',', ' ', ';', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

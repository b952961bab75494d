using System.Globalization;
using System.Text.Json;
using CifarLab.Training.Training;

namespace CifarLab.Web.Components.Widgets;

/// <summary>A config as (field, value) pairs in RunConfig's order: the config table and the compare diff.</summary>
public static class ConfigFields
{
    public static IReadOnlyList<(string Key, string Value)> Flatten(RunConfig config)
    {
        using var doc = JsonDocument.Parse(config.ToJson());
        return doc.RootElement.EnumerateObject().Select(p => (p.Name, Text(p.Value))).ToList();
    }

    private static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString() ?? "",
        JsonValueKind.Null => "—",
        JsonValueKind.Number => v.GetDouble().ToString("G6", CultureInfo.InvariantCulture),
        _ => v.GetRawText(),
    };
}

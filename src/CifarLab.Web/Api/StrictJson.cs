using System.Text.Json;
using System.Text.Json.Serialization;

namespace CifarLab.Web.Api;

/// <summary>
/// What the API reads as JSON: numbers only as JSON numbers (never "0.1" in quotes) and enums only by their names
/// (never 2): a client's mistake is refused, not guessed at. Used for the launch body and the API's JSON options.
/// </summary>
public static class StrictJson
{
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        for (var i = options.Converters.Count - 1; i >= 0; i--)
        {
            if (options.Converters[i] is JsonStringEnumConverter)
            {
                options.Converters.RemoveAt(i);
            }
        }
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}

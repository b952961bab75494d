namespace CifarLab.Web.Api;

/// <summary>Enum query values by name, case-insensitive, with a 400 that lists the allowed values.</summary>
public static class QueryEnums
{
    public static bool TryParse<T>(string? text, string name, out T? value, out IResult? error) where T : struct, Enum
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        // By name only: Enum.TryParse also reads "1" as the second value, which no client means.
        var word = text.Trim();
        if (!int.TryParse(word, out _) && Enum.TryParse<T>(word, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            value = parsed;
            return true;
        }
        error = Results.ValidationProblem(new Dictionary<string, string[]>
        {
            [name] = [$"'{text}' is not allowed; use one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}."],
        });
        return false;
    }
}

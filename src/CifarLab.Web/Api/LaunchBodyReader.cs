using System.Text.Json;
using System.Text.Json.Serialization;
using CifarLab.Web.Lab;

namespace CifarLab.Web.Api;

/// <summary>
/// Reads POST /api/runs by hand rather than through model binding, so malformed JSON, an unknown
/// field or a wrong enum value becomes a 400 that names the field and says what is allowed.
/// </summary>
public static class LaunchBodyReader
{
    private static readonly JsonSerializerOptions Strict = StrictJson.Apply(new(RunConfig.Json)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    });

    /// <summary>The body, or the answer to give instead: 415 for a body that is not JSON, 400 naming the field.</summary>
    public static Task<(LaunchRunBody? Body, IResult? Error)> ReadAsync(HttpRequest http, CancellationToken ct) =>
        ReadAsync<LaunchRunBody>(http, b => b.Config, ct);

    /// <summary>A body of type <typeparamref name="T"/>; with <paramref name="configOf"/>, one that must hold a run config
    /// (a run, or a group of runs).</summary>
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest http, Func<T, RunConfig?>? configOf, CancellationToken ct) where T : class
    {
        if (!http.HasJsonContentType())
        {
            var shape = configOf is null ? "{ \"name\": ..., \"tags\": [...], \"notes\": ... }" : "{ \"config\": { ... }, \"name\": ..., \"tags\": [...] }";
            return (null, Results.Problem(
                $"Send the {(configOf is null ? "change" : "run")} as JSON (Content-Type: application/json), got '{http.ContentType ?? "none"}': {shape}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
        var (body, errors) = await DeserializeAsync(http, configOf, ct);
        return (body, body is null ? Results.ValidationProblem(errors, title: "The run request is invalid.") : null);
    }

    private static async Task<(T? Body, Dictionary<string, string[]> Errors)> DeserializeAsync<T>(HttpRequest http, Func<T, RunConfig?>? configOf, CancellationToken ct) where T : class
    {
        var errors = new Dictionary<string, string[]>();
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Body, Strict, ct);
            if (body is null && configOf is null)
            {
                errors["body"] = ["Send a JSON object."];
                return (null, errors);
            }
            if (body is null || (configOf is not null && configOf(body) is null))
            {
                errors["config"] = ["A run config is required: { \"config\": { \"model\": \"tutorial-cnn\", \"epochs\": 2, ... } }."];
                return (null, errors);
            }
            return (body, errors);
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            errors[field] = [Explain(field, ex)];
            return (null, errors);
        }
    }

    /// <summary>"$.config.learningRate" becomes "config.learningRate".</summary>
    public static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$').TrimStart('.');

    /// <summary>Validator errors use RunConfig property names; the API speaks its JSON names.</summary>
    public static Dictionary<string, string[]> ToProblem(IEnumerable<FieldError> errors) =>
        errors.GroupBy(e => ApiField(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    public static string ApiField(string field) => field switch
    {
        "Name" or "Tags" or "Notes" or "Seeds" => JsonNamingPolicy.CamelCase.ConvertName(field),
        _ => "config." + JsonNamingPolicy.CamelCase.ConvertName(field),
    };

    private static string Explain(string field, JsonException ex)
    {
        var leaf = field.Split('.').Last();
        var prop = typeof(RunConfig).GetProperties()
            .FirstOrDefault(p => string.Equals(p.Name, leaf, StringComparison.OrdinalIgnoreCase));
        var type = prop is null ? null : Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
        if (type is { IsEnum: true })
        {
            var allowed = string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName));
            return $"Not a valid value; allowed: {allowed}.";
        }
        if (type is not null)
        {
            return $"Not a valid {Describe(type)}.";
        }
        if (BodyFields.TryGetValue(leaf.Split('[')[0], out var expected))
        {
            return $"Not a valid value; {leaf.Split('[')[0]} must be {expected}.";
        }
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "Unknown field. " + FirstSentence(ex.Message);
        }
        return "Malformed JSON: " + FirstSentence(ex.Message);
    }

    /// <summary>The body's own fields (the config's are described from their types).</summary>
    private static readonly Dictionary<string, string> BodyFields = new(StringComparer.Ordinal)
    {
        ["name"] = "a string",
        ["notes"] = "a string",
        ["tags"] = "an array of strings",
        ["seeds"] = "a whole number (how many seeds)",
    };

    // Strict JSON: numbers and booleans are refused in quotes, so the message says how to write them.
    private static string Describe(Type t) =>
        t == typeof(int) ? "whole number (a JSON number, not in quotes)"
        : t == typeof(double) ? "number (a JSON number, not in quotes)"
        : t == typeof(bool) ? "boolean (true or false, not in quotes)"
        : "string";

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }
}

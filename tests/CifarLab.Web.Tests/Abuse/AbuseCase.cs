using System.Text;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>
/// One hostile or malformed request and the answer it must get: the status, a problem+json body with that status,
/// the RFC type of the status and a title, and (for a 400 about a field) the key of <c>errors</c> naming it.
/// <see cref="SeededRun"/> in a path stands for the run the test host holds, so a refusal cannot be a plain 404.
/// </summary>
public sealed record AbuseCase(string Name, HttpMethod Method, string Path, int Status)
{
    public const string SeededRun = "{run}";

    public byte[]? Body { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>The key of <c>errors</c> that must name the problem (400s about one field).</summary>
    public string? Field { get; init; }
    /// <summary>The title, when the app sets its own.</summary>
    public string? Title { get; init; }
    /// <summary>Text the detail or the field's message must contain (e.g. the refused origin, the allowed length).</summary>
    public string? Mentions { get; init; }
    /// <summary>A body this long is declared but produced only as it is read (sizes far over the limit).</summary>
    public long? DeclaredLength { get; init; }
    /// <summary>Send the body without a length (chunked), so only reading it finds it too long.</summary>
    public bool Chunked { get; init; }

    public static AbuseCase Json(string name, string json, int status, string? field = null, string? mentions = null,
        string path = "/api/runs", string method = "POST") =>
        new(name, new HttpMethod(method), path, status)
        {
            Body = Encoding.UTF8.GetBytes(json),
            ContentType = "application/json",
            Field = field,
            Mentions = mentions,
        };

    public override string ToString() => Name;
}

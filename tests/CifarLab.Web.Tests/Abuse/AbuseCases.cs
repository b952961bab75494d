using System.Text;
using System.Text.Json;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>
/// The table of hostile and malformed requests: bodies, query strings, headers, origins, hosts, paths and sizes.
/// Each row is one request and its expected answer; <see cref="AbuseSuiteTests"/> sends every one to the real host.
/// </summary>
public static class AbuseCases
{
    private const int BadRequest = 400, Forbidden = 403, NotFound = 404, MethodNotAllowed = 405, TooLarge = 413, Unsupported = 415;
    private const string Run = AbuseCase.SeededRun;
    private const string Refused = "Cross-site request refused";

    /// <summary>Every state-changing endpoint, on the seeded run where it takes one.</summary>
    private static readonly (string Method, string Path, string? Json)[] Changes =
    [
        ("POST", "/api/runs", """{ "config": { "model": "tutorial-cnn", "epochs": 1 } }"""),
        ("POST", $"/api/runs/{Run}/cancel", null),
        ("POST", $"/api/runs/{Run}/resume", null),
        ("POST", $"/api/runs/{Run}/rerun", null),
        ("POST", $"/api/runs/{Run}/move?to=top", null),
        ("DELETE", $"/api/runs/{Run}", null),
    ];

    // After Changes: static fields initialise in order.
    public static IReadOnlyDictionary<string, AbuseCase> All { get; } = Build().ToDictionary(c => c.Name);

    public static IEnumerable<object[]> Names => All.Keys.Select(n => new object[] { n });

    private static IEnumerable<AbuseCase> Build() =>
        Origins().Concat(LiveConnections()).Concat(Hosts()).Concat(Bodies()).Concat(TextFields()).Concat(StrictJson())
            .Concat(ContentTypes()).Concat(Queries()).Concat(Paths()).Concat(Sizes());

    private static AbuseCase Change((string Method, string Path, string? Json) e, string name, int status, Dictionary<string, string> headers) =>
        new(name, new HttpMethod(e.Method), e.Path, status)
        {
            Body = e.Json is null ? null : Encoding.UTF8.GetBytes(e.Json),
            ContentType = e.Json is null ? null : "application/json",
            Headers = headers,
        };

    private static IEnumerable<AbuseCase> Origins()
    {
        string[] foreign =
        [
            "http://evil.example", "null", "https://localhost", "http://localhost:8080", "http://localhost.evil.example",
            "http://evil.example/", "file://", "http://127.0.0.1", "http://[::1]",
        ];
        foreach (var e in Changes)
        {
            foreach (var origin in foreign)
            {
                yield return Change(e, $"origin {origin} -> {e.Method} {e.Path}", Forbidden, new() { ["Origin"] = origin }) with
                {
                    Title = Refused,
                    Mentions = origin,
                };
            }
            foreach (var site in new[] { "cross-site", "same-site" })
            {
                yield return Change(e, $"sec-fetch-site {site} without origin -> {e.Method} {e.Path}", Forbidden, new() { ["Sec-Fetch-Site"] = site }) with
                {
                    Title = Refused,
                    Mentions = site,
                };
            }
        }
    }

    private static IEnumerable<AbuseCase> LiveConnections()
    {
        foreach (var (method, path) in new[]
        {
            ("POST", "/hubs/training/negotiate?negotiateVersion=1"),
            ("GET", "/hubs/training"),
            ("GET", "/hubs/training?id=abc"),
            ("POST", "/_blazor/negotiate?negotiateVersion=1"),
            ("GET", "/_blazor"),
        })
        {
            yield return new AbuseCase($"origin http://evil.example -> live {method} {path}", new HttpMethod(method), path, Forbidden)
            {
                Headers = new Dictionary<string, string> { ["Origin"] = "http://evil.example" },
                Title = Refused,
            };
        }
        yield return new AbuseCase("sec-fetch-site cross-site -> live hub negotiate", HttpMethod.Post, "/hubs/training/negotiate?negotiateVersion=1", Forbidden)
        {
            Headers = new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" },
            Title = Refused,
        };
    }

    private static IEnumerable<AbuseCase> Hosts()
    {
        string[] hosts = ["attacker.example", "rebind.attacker.example:80", "localhost.attacker.example", "127.0.0.2", "evil", "[::2]"];
        foreach (var host in hosts)
        {
            foreach (var (method, path) in new[] { ("GET", "/api/runs"), ("GET", "/"), ("POST", $"/api/runs/{Run}/cancel") })
            {
                yield return new AbuseCase($"host {host} -> {method} {path}", new HttpMethod(method), path, BadRequest)
                {
                    Headers = new Dictionary<string, string> { ["Host"] = host },
                    Title = "Unknown host",
                    Mentions = host.Split(':')[0] is var h && h.StartsWith('[') ? host : h,
                };
            }
        }
    }

    private static IEnumerable<AbuseCase> Bodies()
    {
        yield return AbuseCase.Json("body: empty", "", BadRequest, "body");
        yield return AbuseCase.Json("body: truncated object", "{", BadRequest, "body");
        yield return AbuseCase.Json("body: an array", "[]", BadRequest, "body");
        yield return AbuseCase.Json("body: a string", "\"run\"", BadRequest, "body");
        yield return AbuseCase.Json("body: null", "null", BadRequest, "config");
        yield return AbuseCase.Json("body: no config", """{ "name": "x" }""", BadRequest, "config");
        yield return AbuseCase.Json("body: config null", """{ "config": null }""", BadRequest, "config");
        yield return AbuseCase.Json("body: config an array", """{ "config": [] }""", BadRequest, "config");
        yield return AbuseCase.Json("body: unknown config field", """{ "config": { "learningRat": 0.1 } }""", BadRequest, "config.learningRat");
        yield return AbuseCase.Json("body: unknown top-level field", """{ "config": {}, "priority": 1 }""", BadRequest, "priority");
        yield return AbuseCase.Json("body: nesting 200 deep", """{ "config": { "model": """ + new string('[', 200) + new string(']', 200) + " } }", BadRequest, "config.model");
        yield return AbuseCase.Json("body: trailing garbage", """{ "config": {} } x""", BadRequest, "body");
        yield return AbuseCase.Json("body: comment", """{ /* hi */ "config": {} }""", BadRequest, "body");
        yield return AbuseCase.Json("body: single quotes", "{ 'config': {} }", BadRequest, "body");
        yield return new AbuseCase("body: invalid UTF-8", HttpMethod.Post, "/api/runs", BadRequest)
        {
            Body = [.. Encoding.UTF8.GetBytes("""{ "config": { "model": " """), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\" } }")],
            ContentType = "application/json",
            Field = "config.model",
        };
        yield return AbuseCase.Json("config: learningRate negative", """{ "config": { "learningRate": -1 } }""", BadRequest, "config.learningRate");
        yield return AbuseCase.Json("config: epochs 0", """{ "config": { "epochs": 0 } }""", BadRequest, "config.epochs");
        yield return AbuseCase.Json("config: epochs past int", """{ "config": { "epochs": 2147483648 } }""", BadRequest, "config.epochs");
        yield return AbuseCase.Json("config: epochs fractional", """{ "config": { "epochs": 1.5 } }""", BadRequest, "config.epochs");
        yield return AbuseCase.Json("config: epochs 1e20", """{ "config": { "epochs": 1e20 } }""", BadRequest, "config.epochs");
        yield return AbuseCase.Json("config: batchSize 0", """{ "config": { "batchSize": 0 } }""", BadRequest, "config.batchSize");
        yield return AbuseCase.Json("config: width 100", """{ "config": { "width": 100 } }""", BadRequest, "config.width");
        yield return AbuseCase.Json("config: dropout 1.5", """{ "config": { "dropout": 1.5 } }""", BadRequest, "config.dropout");
        yield return AbuseCase.Json("config: learningRate 1e400", """{ "config": { "learningRate": 1e400 } }""", BadRequest, "config.learningRate");
        yield return AbuseCase.Json("config: ema and lookahead", """{ "config": { "emaDecay": 0.9, "lookaheadEvery": 5 } }""", BadRequest, "config.lookaheadEvery");
        yield return AbuseCase.Json("config: unknown model", """{ "config": { "model": "gpt-5" } }""", BadRequest, "config.model", "tutorial-cnn");
        yield return AbuseCase.Json("config: empty model", """{ "config": { "model": "" } }""", BadRequest, "config.model");
        yield return AbuseCase.Json("config: model null", """{ "config": { "model": null } }""", BadRequest, "config.model");
        yield return AbuseCase.Json("config: unknown norm", """{ "config": { "norm": "bogus" } }""", BadRequest, "config.norm", "batch");
        yield return AbuseCase.Json("config: trainLimit negative", """{ "config": { "trainLimit": -5 } }""", BadRequest, "config.trainLimit");
    }

    /// <summary>Lengths and characters of every text field of a launch.</summary>
    private static IEnumerable<AbuseCase> TextFields()
    {
        static string Body(string field, object? value) => field switch
        {
            "name" or "notes" => JsonSerializer.Serialize(new Dictionary<string, object?> { ["config"] = new { }, [field] = value }),
            "tags" => JsonSerializer.Serialize(new Dictionary<string, object?> { ["config"] = new { }, ["tags"] = value }),
            _ => JsonSerializer.Serialize(new Dictionary<string, object?> { ["config"] = new Dictionary<string, object?> { [field] = value } }),
        };
        AbuseCase Text(string name, string field, object? value, string apiField, string? mentions = null) =>
            AbuseCase.Json(name, Body(field, value), BadRequest, apiField, mentions);

        yield return Text("name: over the limit", "name", new string('n', TextLimits.Name + 1), "name", $"{TextLimits.Name} characters");
        yield return Text("name: 1 MB", "name", new string('n', 1_000_000), "name", $"{TextLimits.Name} characters");
        yield return Text("name: NUL", "name", "run\0one", "name", "U+0000");
        yield return Text("name: right-to-left override", "name", "run\u202Eeno", "name", "U+202E");
        yield return Text("name: right-to-left mark", "name", "run\u200F", "name", "U+200F");
        yield return Text("name: bidi isolate", "name", "run\u2066x\u2069", "name", "U+2066");
        yield return Text("name: newline", "name", "line\nbreak", "name", "U+000A");
        yield return Text("name: escape sequence", "name", "\u001b[31mred", "name", "U+001B");
        yield return Text("name: C1 control", "name", "a\u0085b", "name", "U+0085");
        yield return Text("name: a number", "name", 5, "name");
        yield return Text("notes: over the limit", "notes", new string('n', TextLimits.Notes + 1), "notes", $"{TextLimits.Notes} characters");
        yield return Text("notes: NUL", "notes", "ok\0", "notes", "U+0000");
        yield return Text("notes: right-to-left override", "notes", "see \u202Eelif", "notes", "U+202E");
        yield return Text("notes: an object", "notes", new { a = 1 }, "notes");
        yield return Text("tags: null entry", "tags", new List<string?> { null }, "tags");
        yield return Text("tags: a number entry", "tags", new object[] { 1 }, "tags[0]");
        yield return Text("tags: a string, not an array", "tags", "a,b", "tags");
        yield return Text("tags: too many", "tags", Enumerable.Range(0, TextLimits.TagCount + 1).Select(i => $"t{i}").ToArray(), "tags", $"{TextLimits.TagCount}");
        yield return Text("tags: one too long", "tags", new List<string> { new string('t', TextLimits.Tag + 1) }, "tags", $"{TextLimits.Tag}");
        yield return Text("tags: empty", "tags", new List<string> { "" }, "tags");
        yield return Text("tags: space inside", "tags", new List<string> { "a b" }, "tags");
        yield return Text("tags: comma inside", "tags", new List<string> { "a,b" }, "tags");
        yield return Text("tags: NUL", "tags", new List<string> { "a\0" }, "tags", "U+0000");
        yield return Text("tags: right-to-left override", "tags", new List<string> { "a\u202E" }, "tags", "U+202E");
        yield return Text("tags: 1 MB tag", "tags", new List<string> { new string('t', 1_000_000) }, "tags");
        yield return Text("preset: over the limit", "preset", new string('p', TextLimits.Preset + 1), "config.preset", $"{TextLimits.Preset} characters");
        yield return Text("preset: 500 KB", "preset", new string('p', 500_000), "config.preset", $"{TextLimits.Preset} characters");
        yield return Text("preset: NUL", "preset", "quick\0", "config.preset", "U+0000");
        yield return Text("preset: surrounding spaces", "preset", " quick", "config.preset", "spaces");
        yield return Text("preset: right-to-left override", "preset", "\u202Equick", "config.preset", "U+202E");
        yield return Text("device: leading space", "device", " cuda", "config.device", "spaces");
        yield return Text("device: trailing space", "device", "cpu ", "config.device", "spaces");
        yield return Text("device: tab", "device", "\tcpu", "config.device", "U+0009");
        yield return Text("device: unknown", "device", "gpu", "config.device", "auto, cpu, cuda, cuda:N");
        yield return Text("device: upper case", "device", "CPU", "config.device", "auto, cpu, cuda, cuda:N");
        yield return Text("device: negative index", "device", "cuda:-1", "config.device");
        yield return Text("device: letters as index", "device", "cuda:x", "config.device");
        yield return Text("device: over the limit", "device", "cuda:" + new string('1', 100), "config.device", $"{TextLimits.Device} characters");
        yield return Text("device: NUL", "device", "cpu\0", "config.device", "U+0000");
        yield return Text("model: over the limit", "model", new string('m', 10_000), "config.model", $"{TextLimits.Model} characters");
        yield return Text("model: NUL", "model", "tutorial-cnn\0", "config.model", "U+0000");
        yield return Text("model: surrounding spaces", "model", " tutorial-cnn", "config.model", "spaces");
    }

    /// <summary>Numbers only as numbers, enums only by name, booleans only as true/false.</summary>
    private static IEnumerable<AbuseCase> StrictJson()
    {
        yield return AbuseCase.Json("strict: epochs as a string", """{ "config": { "epochs": "2" } }""", BadRequest, "config.epochs", "number");
        yield return AbuseCase.Json("strict: learningRate as a string", """{ "config": { "learningRate": "0.1" } }""", BadRequest, "config.learningRate", "number");
        yield return AbuseCase.Json("strict: NaN as a string", """{ "config": { "learningRate": "NaN" } }""", BadRequest, "config.learningRate");
        yield return AbuseCase.Json("strict: Infinity as a string", """{ "config": { "width": "Infinity" } }""", BadRequest, "config.width");
        yield return AbuseCase.Json("strict: seed as a string", """{ "config": { "seed": "1" } }""", BadRequest, "config.seed");
        yield return AbuseCase.Json("strict: optimizer as an integer", """{ "config": { "optimizer": 1 } }""", BadRequest, "config.optimizer", "sgd");
        yield return AbuseCase.Json("strict: schedule as an integer", """{ "config": { "schedule": 0 } }""", BadRequest, "config.schedule");
        yield return AbuseCase.Json("strict: precision as an integer string", """{ "config": { "precision": "1" } }""", BadRequest, "config.precision");
        yield return AbuseCase.Json("strict: flip as a negative integer", """{ "config": { "flip": -1 } }""", BadRequest, "config.flip");
        yield return AbuseCase.Json("strict: nesterov as a string", """{ "config": { "nesterov": "true" } }""", BadRequest, "config.nesterov", "true");
        yield return AbuseCase.Json("strict: nesterov as 1", """{ "config": { "nesterov": 1 } }""", BadRequest, "config.nesterov");
        yield return AbuseCase.Json("strict: model as a number", """{ "config": { "model": 9 } }""", BadRequest, "config.model");
    }

    private static IEnumerable<AbuseCase> ContentTypes()
    {
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/json", "application/octet-stream" })
        {
            yield return new AbuseCase($"content-type {type}", HttpMethod.Post, "/api/runs", Unsupported)
            {
                Body = Encoding.UTF8.GetBytes("""{ "config": {} }"""),
                ContentType = type,
                Mentions = "application/json",
            };
        }
        yield return new AbuseCase("content-type missing", HttpMethod.Post, "/api/runs", Unsupported)
        {
            Body = Encoding.UTF8.GetBytes("""{ "config": {} }"""),
            Mentions = "application/json",
        };
    }

    private static IEnumerable<AbuseCase> Queries()
    {
        foreach (var path in new[] { "/api/runs", "/api/runs/export.csv" })
        {
            foreach (var (query, field) in new[]
            {
                ("minAccuracy=NaN", "minAccuracy"), ("minAccuracy=Infinity", "minAccuracy"), ("minAccuracy=-0.5", "minAccuracy"),
                ("minAccuracy=2", "minAccuracy"), ("minAccuracy=abc", "minAccuracy"), ("status=bogus", "status"), ("status=1", "status"),
                ("sort=password", "sort"), ("sort=0", "sort"), ("desc=maybe", "desc"), ("from=yesterday", "from"), ("to=2020-13-45", "to"),
            })
            {
                yield return new AbuseCase($"query {path}?{query}", HttpMethod.Get, $"{path}?{query}", BadRequest) { Field = field };
            }
        }
        foreach (var (query, field) in new[] { ("page=abc", "page"), ("page=99999999999", "page"), ("pageSize=1e3", "pageSize"), ("page=1&page=2", "page") })
        {
            yield return new AbuseCase($"query /api/runs?{query}", HttpMethod.Get, $"/api/runs?{query}", BadRequest) { Field = field };
        }
        foreach (var to in new[] { "sideways", "1", "", "top%00" })
        {
            yield return new AbuseCase($"move to '{to}'", HttpMethod.Post, $"/api/runs/{Run}/move?to={to}", BadRequest) { Field = "to" };
        }
    }

    private static IEnumerable<AbuseCase> Paths()
    {
        yield return new AbuseCase("path: unknown API route", HttpMethod.Get, "/api/nope", NotFound) { Mentions = "/api/nope" };
        yield return new AbuseCase("path: unknown API route, POST", HttpMethod.Post, "/api/nope", NotFound) { Mentions = "/api/nope" };
        yield return new AbuseCase("path: unknown API route, DELETE", HttpMethod.Delete, "/api/runs/1/everything", NotFound);
        yield return new AbuseCase("path: API route traversal", HttpMethod.Get, "/api/runs/..%2f..%2fetc%2fpasswd", NotFound);
        yield return new AbuseCase("path: run id not a number", HttpMethod.Get, "/api/runs/abc", NotFound);
        yield return new AbuseCase("path: run id past int", HttpMethod.Get, "/api/runs/99999999999", NotFound);
        yield return new AbuseCase("path: run id negative", HttpMethod.Get, "/api/runs/-1", NotFound);
        yield return new AbuseCase("path: run that does not exist", HttpMethod.Get, "/api/runs/987654", NotFound) { Mentions = "987654" };
        yield return new AbuseCase("path: cancel a run that does not exist", HttpMethod.Post, "/api/runs/987654/cancel", NotFound) { Mentions = "987654" };
        yield return new AbuseCase("path: delete a run that does not exist", HttpMethod.Delete, "/api/runs/987654", NotFound);
        yield return new AbuseCase("method: PUT /api/runs", HttpMethod.Put, "/api/runs", MethodNotAllowed) { Mentions = "GET, POST" };
        yield return new AbuseCase("method: DELETE /api/runs", HttpMethod.Delete, "/api/runs", MethodNotAllowed);
        yield return new AbuseCase("method: PUT a run", HttpMethod.Put, $"/api/runs/{Run}", MethodNotAllowed) { Mentions = "PATCH" };
        yield return new AbuseCase("method: POST a run", HttpMethod.Post, $"/api/runs/{Run}", MethodNotAllowed);
        yield return new AbuseCase("method: GET cancel", HttpMethod.Get, $"/api/runs/{Run}/cancel", MethodNotAllowed) { Mentions = "POST" };
        yield return new AbuseCase("method: PUT export.csv", HttpMethod.Put, "/api/runs/export.csv", MethodNotAllowed);
    }

    private static IEnumerable<AbuseCase> Sizes()
    {
        var overLimit = "{ \"config\": {}, \"notes\": \"" + new string('n', 2 * 1024 * 1024) + "\" }";
        yield return AbuseCase.Json("size: 2 MiB body", overLimit, TooLarge, mentions: "Limits:MaxRequestBodyBytes");
        yield return AbuseCase.Json("size: 2 MiB body on cancel", overLimit, TooLarge, path: $"/api/runs/{Run}/cancel");
        yield return AbuseCase.Json("size: 2 MiB body chunked", overLimit, TooLarge, mentions: "Limits:MaxRequestBodyBytes") with { Chunked = true };
        yield return new AbuseCase("size: 100 MB declared", HttpMethod.Post, "/api/runs", TooLarge)
        {
            ContentType = "application/json",
            DeclaredLength = 100L * 1024 * 1024,
            Mentions = "Limits:MaxRequestBodyBytes",
        };
    }
}

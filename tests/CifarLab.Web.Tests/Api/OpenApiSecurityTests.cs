using System.Text.Json;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Api;

/// <summary>/openapi/v1.json says how to authenticate and which defences' answers each operation can give.</summary>
public sealed class OpenApiSecurityTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await _factory.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").EnumerateObject().Single(p => p.Name.TrimEnd('/') == path).Value.GetProperty(method);

    private static HashSet<string> Responses(JsonElement operation) =>
        [.. operation.GetProperty("responses").EnumerateObject().Select(r => r.Name)];

    private static bool UsesBearer(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(r => r.TryGetProperty("bearer", out _));

    [Fact]
    public async Task The_bearer_token_scheme_is_described()
    {
        var scheme = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Contains("personal access token", scheme.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_operation_lists_the_auth_limit_and_storage_answers_it_can_give()
    {
        var document = await DocumentAsync();

        var launch = Operation(document, "/api/runs", "post");
        Assert.True(UsesBearer(launch));
        Assert.Superset(new HashSet<string> { "201", "400", "401", "403", "413", "415", "429", "507" }, Responses(launch));
        var problem = launch.GetProperty("responses").GetProperty("413").GetProperty("content");
        Assert.True(problem.TryGetProperty("application/problem+json", out _), problem.ToString());

        var cancel = Operation(document, "/api/runs/{id}/cancel", "post");
        Assert.True(UsesBearer(cancel));
        Assert.Superset(new HashSet<string> { "401", "403", "429", "507" }, Responses(cancel));
        Assert.DoesNotContain("415", Responses(cancel)); // no body

        var read = Operation(document, "/api/runs/{id}", "get");
        Assert.True(UsesBearer(read));
        Assert.Superset(new HashSet<string> { "401", "403" }, Responses(read));
        Assert.DoesNotContain("429", Responses(read));
        Assert.DoesNotContain("507", Responses(read));

        var health = Operation(document, "/health", "get");
        Assert.False(UsesBearer(health));
        Assert.DoesNotContain("401", Responses(health));
    }
}

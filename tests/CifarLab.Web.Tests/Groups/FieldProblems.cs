using System.Net;
using System.Text.Json;

namespace CifarLab.Web.Tests.Groups;

/// <summary>A 400 validation problem (problem+json): the fields its <c>errors</c> name.</summary>
public static class FieldProblems
{
    public static async Task<IReadOnlyList<string>> Of(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }
}

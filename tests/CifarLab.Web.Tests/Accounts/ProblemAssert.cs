using System.Net;
using System.Text.Json;

namespace CifarLab.Web.Tests.Accounts;

public static class ProblemAssert
{
    /// <summary>The response is RFC 7807 problem+json with this status; returns its detail.</summary>
    public static async Task<string> IsProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString() ?? "";
    }
}

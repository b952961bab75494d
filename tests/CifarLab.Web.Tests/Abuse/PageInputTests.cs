using System.Net;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>Odd addresses and query values on the pages answer a page (with a message, or not found), never a failure.</summary>
public sealed class PageInputTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/runs/new?from=abc", HttpStatusCode.OK, "is not a run id")]
    [InlineData("/runs/new?from=99999999999", HttpStatusCode.OK, "is not a run id")]
    [InlineData("/runs/new?from=-3", HttpStatusCode.OK, "is not a run id")]
    [InlineData("/runs/new?from=424242", HttpStatusCode.OK, "Run 424242 does not exist")]
    [InlineData("/runs/new?preset=%00", HttpStatusCode.OK, "There is no preset")]
    [InlineData("/compare?ids=abc,%00,-1,99999999999", HttpStatusCode.OK, "Compare runs")]
    [InlineData("/runs?page=abc&sort=%25", HttpStatusCode.OK, "Leaderboard")]
    [InlineData("/runs/99999999999", HttpStatusCode.NotFound, "Not found")]
    [InlineData("/runs/abc", HttpStatusCode.NotFound, "Not found")]
    [InlineData("/nothing/here", HttpStatusCode.NotFound, "Not found")]
    public async Task An_odd_page_address_gets_a_page(string path, HttpStatusCode status, string shows)
    {
        using var response = await _factory.CreateClient().GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == status, $"{path}: {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(shows, html, StringComparison.Ordinal);
    }
}

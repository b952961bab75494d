using System.Net;
using System.Text.RegularExpressions;
using CifarLab.Web.Security;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>
/// The pages are served with the security headers, and load nothing the policy forbids: every script is a file of
/// this app (no inline script, no other host), so the browser runs them under <see cref="SecurityHeaders.PagePolicy"/>.
/// </summary>
public sealed partial class PageSecurityTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/runs")]
    [InlineData("/runs/new")]
    [InlineData("/queue")]
    [InlineData("/compare")]
    public async Task A_page_has_the_security_headers_and_only_its_own_scripts(string path)
    {
        using var response = await _factory.CreateClient().GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.PagePolicy, Header(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.PagePolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal(SecurityHeaders.ReferrerPolicy, Header(response, "Referrer-Policy"));
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Matches("src=\"(?!https?:|//)[^\"]+\"", s));
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    [Fact]
    public async Task The_API_reference_has_its_own_policy_and_loads_nothing_from_the_internet()
    {
        using var response = await _factory.CreateClient().GetAsync("/scalar/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.ApiReferencePolicy, Header(response, "Content-Security-Policy"));
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        // Its script is served here, not from a CDN.
        var script = await _factory.CreateClient().GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task API_answers_and_static_files_carry_the_headers_too()
    {
        foreach (var path in new[] { "/api/runs", "/css/site.css", "/health", "/api/nope" })
        {
            using var response = await _factory.CreateClient().GetAsync(path);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.NotNull(Header(response, "Content-Security-Policy"));
        }
    }

    [Fact]
    public async Task A_clone_link_with_a_run_id_that_is_not_a_number_shows_a_message()
    {
        using var response = await _factory.CreateClient().GetAsync("/runs/new?from=abc");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("&#x27;abc&#x27; is not a run id", html, StringComparison.Ordinal);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}

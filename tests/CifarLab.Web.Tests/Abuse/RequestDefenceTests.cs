using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>What the defences let through: the app's own pages, programs without an Origin, configured hosts and
/// origins; and the limits that depend on settings (rates), each in a host configured for the test.</summary>
public sealed class RequestDefenceTests
{
    private static LabFactory Host(params (string Key, string Value)[] settings) =>
        new(LabFactory.NewDataDirectory(), workerEnabled: false, settings.ToDictionary(s => s.Key, s => s.Value));

    private static HttpRequestMessage Launch(string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(TinyRuns.Body(TinyRuns.Config())) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }

    [Theory]
    [InlineData(null, null)]                        // curl, scripts, the .NET client
    [InlineData("http://localhost", "same-origin")] // the app's own page
    [InlineData("http://localhost", null)]
    [InlineData(null, "same-origin")]
    [InlineData(null, "none")]                      // typed into the address bar
    public async Task The_apps_own_pages_and_clients_without_an_origin_may_launch_and_cancel(string? origin, string? fetchSite)
    {
        await using var factory = Host();
        var client = factory.CreateClient();

        using var launched = await client.SendAsync(Launch(origin, fetchSite));
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var id = JsonDocument.Parse(await launched.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{id}/cancel");
        if (origin is not null)
        {
            cancel.Headers.Add("Origin", origin);
        }
        using var cancelled = await client.SendAsync(cancel);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
    }

    [Theory]
    [InlineData("http://[::1]/", "http://[::1]")]
    [InlineData("http://127.0.0.1/", "http://127.0.0.1")]
    [InlineData("http://LOCALHOST/", "http://localhost")]
    public async Task A_page_served_on_any_loopback_name_may_launch_from_its_own_origin(string address, string origin)
    {
        await using var factory = Host();
        var request = Launch(origin);
        request.RequestUri = new Uri(new Uri(address), "api/runs");

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_origin_listed_in_the_settings_may_launch_and_others_still_may_not()
    {
        await using var factory = Host(("Security:AllowedOrigins:0", "https://dashboard.example"));
        var client = factory.CreateClient();

        using var listed = await client.SendAsync(Launch("https://dashboard.example"));
        using var other = await client.SendAsync(Launch("https://evil.example"));

        Assert.Equal(HttpStatusCode.Created, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task An_explicit_AllowedHosts_setting_wins_over_the_bound_hosts()
    {
        await using var factory = Host(("AllowedHosts", "lab.example;*.lab.example"));
        var client = factory.CreateClient();

        using var named = await client.GetAsync(new Uri("http://lab.example/api/runs"));
        using var sub = await client.GetAsync(new Uri("http://gpu1.lab.example/api/runs"));
        using var local = await client.GetAsync(new Uri("http://localhost/api/runs"));

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sub.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, local.StatusCode);
        Assert.Contains("lab.example", await local.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extra_host_names_are_added_to_the_loopback_ones()
    {
        await using var factory = Host(("Security:HostNames:0", "cifar.internal"));
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("http://cifar.internal/api/runs"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("http://127.0.0.1/api/runs"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("http://other.internal/api/runs"))).StatusCode);
    }

    [Fact]
    public async Task Launches_over_the_rate_get_429_with_Retry_After_and_nothing_is_queued()
    {
        await using var factory = Host(("Limits:LaunchesPerWindow", "2"), ("Limits:CommandsPerWindow", "1"), ("Limits:RateWindowSeconds", "3600"));
        var client = factory.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await client.SendAsync(Launch()));
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        var refused = answers[2];
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 3600 }, $"Retry-After: {refused.Headers.RetryAfter}");
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("Limits:LaunchesPerWindow", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(2, await db.Runs.CountAsync());
        }

        // Reads are not limited; other changes have their own budget, here one.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/runs/1/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/runs/2/cancel", null)).StatusCode);
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(RunStatus.Queued, await db.Runs.Where(r => r.Id == 2).Select(r => r.Status).SingleAsync());
        }
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_413_and_one_under_it_is_read()
    {
        await using var factory = Host(("Limits:MaxRequestBodyBytes", "2048"));
        var client = factory.CreateClient();
        var notes = new string('n', 1500);

        using var under = await client.PostAsJsonAsync("/api/runs", new { config = new { }, notes });
        using var over = await client.PostAsJsonAsync("/api/runs", new { config = new { }, notes = notes + notes });

        Assert.Equal(HttpStatusCode.Created, under.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Contains("2048 bytes", await over.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

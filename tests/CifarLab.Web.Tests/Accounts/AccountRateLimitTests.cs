using System.Net;
using System.Net.Http.Json;
using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>
/// The change rate limits count per signed-in account, so two people behind one address each get their own budget;
/// without an account they count per client address, which a known reverse proxy passes on in X-Forwarded-For.
/// </summary>
public sealed class AccountRateLimitTests
{
    [Fact]
    public async Task Two_accounts_from_one_address_each_have_their_own_launch_budget()
    {
        using var lab = new SignedInLab(new Dictionary<string, string>
        {
            ["Limits:LaunchesPerWindow"] = "2",
            ["Limits:RateWindowSeconds"] = "3600",
        });
        var rita = await lab.ClientAsync("rita", LabRole.Runner);
        var ruth = await lab.ClientAsync("ruth", LabRole.Runner);

        var ritas = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await rita.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config(), $"rita {i}"));
            ritas.Add(response.StatusCode);
            if (i == 2)
            {
                var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.TooManyRequests);
                Assert.Contains("from one account (Limits:LaunchesPerWindow)", detail, StringComparison.Ordinal);
            }
        }
        using var ruths = await ruth.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config(), "ruth"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], ritas);
        Assert.Equal(HttpStatusCode.Created, ruths.StatusCode);
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_budget_and_an_unknown_proxy_is_not_believed()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false, new Dictionary<string, string>
        {
            ["Security:KnownProxies:0"] = "10.0.0.2",
            ["Limits:CommandsPerWindow"] = "1",
            ["Limits:RateWindowSeconds"] = "3600",
        });
        factory.CreateClient().Dispose(); // starts the server

        async Task<int> CancelAsync(string from, string forwardedFor)
        {
            var context = await factory.Server.SendAsync(c =>
            {
                c.Connection.RemoteIpAddress = IPAddress.Parse(from);
                c.Request.Method = HttpMethods.Post;
                c.Request.Path = "/api/runs/999/cancel";
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            });
            return context.Response.StatusCode;
        }

        // Through the known proxy: one budget per forwarded client (a missing run is 404, the next change over the limit 429).
        Assert.Equal(404, await CancelAsync("10.0.0.2", "203.0.113.5"));
        Assert.Equal(429, await CancelAsync("10.0.0.2", "203.0.113.5"));
        Assert.Equal(404, await CancelAsync("10.0.0.2", "203.0.113.6"));
        // Anyone else's X-Forwarded-For is ignored: its own address counts.
        Assert.Equal(404, await CancelAsync("10.0.0.9", "203.0.113.7"));
        Assert.Equal(429, await CancelAsync("10.0.0.9", "203.0.113.8"));
    }
}

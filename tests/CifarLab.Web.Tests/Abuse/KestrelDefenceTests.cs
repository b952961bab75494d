using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using System.Text;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>
/// The defences that depend on the real server, over Kestrel on a loopback port: the allowed hosts come from the
/// address it is bound to (loopback, or every interface), and a body without a length is cut by Kestrel's own limit,
/// answered as a 413 problem.
/// </summary>
public sealed class KestrelDefenceTests : IAsyncLifetime, IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);
    private HttpClient _client = default!;

    public Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_loopback_binding_answers_loopback_names_and_refuses_others()
    {
        var port = _client.BaseAddress!.Port;

        foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", $"[::1]:{port}" })
        {
            using var ok = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Host = host } });
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{host}: {(int)ok.StatusCode}");
        }
        using var rebound = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Host = $"attacker.example:{port}" } });

        Assert.Equal(HttpStatusCode.BadRequest, rebound.StatusCode);
        Assert.Equal("application/problem+json", rebound.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attacker.example", await rebound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_from_the_server_limit()
    {
        var json = "{ \"config\": {}, \"notes\": \"" + new string('n', 2 * 1024 * 1024) + "\" }";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {text}");
        Assert.Contains("Limits:MaxRequestBodyBytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binding_to_every_interface_also_answers_the_machine_name_and_its_addresses()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        factory.UseKestrel(o => o.ListenAnyIP(0));
        factory.StartServer();
        var bound = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal)).Port}/") };

        async Task<HttpStatusCode> AsHost(string host)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Host = host } });
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await AsHost("localhost"));
        Assert.Equal(HttpStatusCode.OK, await AsHost(Dns.GetHostName()));
        Assert.Equal(HttpStatusCode.BadRequest, await AsHost("attacker.example"));
    }
}

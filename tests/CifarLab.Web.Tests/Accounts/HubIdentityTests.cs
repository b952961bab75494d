using CifarLab.Web.Accounts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using CifarLab.Web.Live;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>The training hub asks for the same identity as the API.</summary>
public sealed class HubIdentityTests : IDisposable
{
    private readonly SignedInLab _lab = new();

    public void Dispose() => _lab.Dispose();

    private HubConnection Connect(string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(_lab.Factory.Server.BaseAddress, TrainingHub.Path.TrimStart('/')), o =>
        {
            o.HttpMessageHandlerFactory = _ => _lab.Factory.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            o.AccessTokenProvider = () => Task.FromResult(token);
        })
        .Build();

    [Fact]
    public async Task A_connection_without_identity_is_refused_and_one_with_a_token_joins()
    {
        await using var anonymous = Connect(null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var viewer = Connect(await _lab.TokenAsync("victor", LabRole.Viewer));
        await viewer.StartAsync();
        await viewer.InvokeAsync("JoinAll");
        Assert.Equal(HubConnectionState.Connected, viewer.State);
    }
}

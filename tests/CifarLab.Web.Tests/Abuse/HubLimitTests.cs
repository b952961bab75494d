using CifarLab.Web.Live;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>One live connection may join only so many groups (Limits:MaxHubGroupsPerConnection).</summary>
public sealed class HubLimitTests
{
    [Fact]
    public async Task Joining_past_the_cap_is_refused_naming_it_and_leaving_frees_a_place()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false,
            new Dictionary<string, string> { ["Limits:MaxHubGroupsPerConnection"] = "3" });
        await using var hub = factory.ConnectHub();
        await hub.StartAsync();

        await hub.InvokeAsync(nameof(TrainingHub.JoinRun), 1);
        await hub.InvokeAsync(nameof(TrainingHub.JoinRun), 2);
        await hub.InvokeAsync(nameof(TrainingHub.JoinAll));
        await hub.InvokeAsync(nameof(TrainingHub.JoinRun), 2); // already in: no new place taken

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync(nameof(TrainingHub.JoinRun), 4));
        Assert.Contains("MaxHubGroupsPerConnection = 3", refused.Message, StringComparison.Ordinal);

        await hub.InvokeAsync(nameof(TrainingHub.LeaveRun), 1);
        await hub.InvokeAsync(nameof(TrainingHub.JoinRun), 4);
    }
}

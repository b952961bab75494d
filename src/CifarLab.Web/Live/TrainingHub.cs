using Microsoft.AspNetCore.Authorization;
using CifarLab.Web.Options;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Live;

/// <summary>
/// Live training events for browsers and external .NET clients at /hubs/training. A client joins
/// "all" to hear every run, or one group per run it watches (joining both delivers twice). One connection may
/// be in at most <see cref="LimitsOptions.MaxHubGroupsPerConnection"/> groups at once.
/// Clients need the same identity as the API (any role; the implicit local admin when sign-in is not required).
/// </summary>
[Authorize]
public sealed class TrainingHub(IOptions<LimitsOptions> limits) : Hub<ITrainingClient>
{
    public const string Path = "/hubs/training";
    public const string AllGroup = "all";

    public static string RunGroup(int runId) => $"run-{runId}";

    public Task JoinRun(int runId) => JoinAsync(RunGroup(runId));

    public Task LeaveRun(int runId) => LeaveAsync(RunGroup(runId));

    public Task JoinAll() => JoinAsync(AllGroup);

    public Task LeaveAll() => LeaveAsync(AllGroup);

    private Task JoinAsync(string group)
    {
        var joined = Joined();
        var max = limits.Value.MaxHubGroupsPerConnection;
        if (!joined.Contains(group) && joined.Count >= max)
        {
            throw new HubException(
                $"This connection already watches {joined.Count} groups, the most allowed (Limits:MaxHubGroupsPerConnection = {max}); leave one (LeaveRun, LeaveAll) before joining '{group}'.");
        }
        joined.Add(group);
        return Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    private Task LeaveAsync(string group)
    {
        Joined().Remove(group);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
    }

    /// <summary>The groups of this connection (hub instances are per call; the connection's items live on).</summary>
    private HashSet<string> Joined() =>
        Context.Items.TryGetValue(nameof(Joined), out var set) && set is HashSet<string> joined
            ? joined
            : (HashSet<string>)(Context.Items[nameof(Joined)] = new HashSet<string>(StringComparer.Ordinal));
}

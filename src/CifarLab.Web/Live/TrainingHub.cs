using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CifarLab.Web.Live;

/// <summary>
/// Live training events for browsers and external .NET clients at /hubs/training. A client joins
/// "all" to hear every run, or one group per run it watches (joining both delivers twice).
/// Clients need the same identity as the API (any role; the implicit local admin when sign-in is not required).
/// </summary>
[Authorize]
public sealed class TrainingHub : Hub<ITrainingClient>
{
    public const string Path = "/hubs/training";
    public const string AllGroup = "all";

    public static string RunGroup(int runId) => $"run-{runId}";

    public Task JoinRun(int runId) => Groups.AddToGroupAsync(Context.ConnectionId, RunGroup(runId));

    public Task LeaveRun(int runId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RunGroup(runId));

    public Task JoinAll() => Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);

    public Task LeaveAll() => Groups.RemoveFromGroupAsync(Context.ConnectionId, AllGroup);
}

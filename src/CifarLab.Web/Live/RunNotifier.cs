using System.Collections.Concurrent;

namespace CifarLab.Web.Live;

/// <summary>
/// In-process fan-out for Blazor components (the eShop notifier pattern): a component subscribes,
/// re-renders with InvokeAsync(StateHasChanged), and disposes its subscription. It also remembers the
/// latest progress of each running run so a page opened mid-run shows the bar at once.
/// </summary>
public sealed class RunNotifier(ILogger<RunNotifier> logger)
{
    private readonly ConcurrentDictionary<Guid, Subscription> _subscriptions = new();
    private readonly ConcurrentDictionary<int, RunProgressMessage> _lastProgress = new();

    /// <param name="runId">Only this run's messages, or null for every message.</param>
    public IDisposable Subscribe(int? runId, Func<LiveMessage, Task> handler)
    {
        var sub = new Subscription(this, runId, handler);
        _subscriptions[sub.Key] = sub;
        return sub;
    }

    public RunProgressMessage? LastProgress(int runId) => _lastProgress.GetValueOrDefault(runId);

    public void Publish(LiveMessage message)
    {
        switch (message)
        {
            case RunProgressMessage p:
                _lastProgress[p.RunId] = p;
                break;
            case RunStatusMessage s when s.Status != "Running":
                _lastProgress.TryRemove(s.RunId, out _);
                break;
        }
        foreach (var sub in _subscriptions.Values)
        {
            if (sub.RunId is null || sub.RunId == message.RunId)
            {
                _ = Deliver(sub, message);
            }
        }
    }

    // A slow or broken component must not hold up the worker that publishes.
    private async Task Deliver(Subscription sub, LiveMessage message)
    {
        try
        {
            await sub.Handler(message);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "A live subscriber failed; dropping its subscription");
            _subscriptions.TryRemove(sub.Key, out _);
        }
    }

    private sealed class Subscription(RunNotifier owner, int? runId, Func<LiveMessage, Task> handler) : IDisposable
    {
        public Guid Key { get; } = Guid.NewGuid();
        public int? RunId => runId;
        public Func<LiveMessage, Task> Handler => handler;
        public void Dispose() => owner._subscriptions.TryRemove(Key, out _);
    }
}

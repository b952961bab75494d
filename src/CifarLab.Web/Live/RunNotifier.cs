using System.Collections.Concurrent;

namespace CifarLab.Web.Live;

/// <summary>
/// In-process fan-out for Blazor components (the eShop notifier pattern): a component subscribes,
/// re-renders with InvokeAsync(StateHasChanged), and disposes its subscription. Run messages and dataset
/// messages are separate channels. It also remembers the latest progress of each running run so a page
/// opened mid-run shows the bar at once.
/// </summary>
public sealed class RunNotifier(ILogger<RunNotifier> logger)
{
    private readonly ConcurrentDictionary<Guid, Subscription<RunMessage>> _runs = new();
    private readonly ConcurrentDictionary<Guid, Subscription<DatasetMessage>> _dataset = new();
    private readonly ConcurrentDictionary<int, RunProgressMessage> _lastProgress = new();

    /// <param name="runId">Only this run's messages, or null for every run's.</param>
    public IDisposable Subscribe(int? runId, Func<RunMessage, Task> handler) =>
        Add(_runs, m => runId is null || m.RunId == runId, handler);

    public IDisposable SubscribeDataset(Func<DatasetMessage, Task> handler) => Add(_dataset, _ => true, handler);

    public RunProgressMessage? LastProgress(int runId) => _lastProgress.GetValueOrDefault(runId);

    public void Publish(RunMessage message)
    {
        switch (message)
        {
            case RunProgressMessage p:
                _lastProgress[p.RunId] = p;
                break;
            case RunStatusMessage { Status: not Data.RunStatus.Running }:
            case RunDeletedMessage:
                _lastProgress.TryRemove(message.RunId, out _);
                break;
        }
        Deliver(_runs, message);
    }

    public void Publish(DatasetMessage message) => Deliver(_dataset, message);

    private static Subscription<T> Add<T>(ConcurrentDictionary<Guid, Subscription<T>> list, Func<T, bool> wants, Func<T, Task> handler)
    {
        var sub = new Subscription<T>(list, wants, handler);
        list[sub.Key] = sub;
        return sub;
    }

    private void Deliver<T>(ConcurrentDictionary<Guid, Subscription<T>> list, T message)
    {
        foreach (var sub in list.Values.Where(s => s.Wants(message)))
        {
            _ = DeliverOne(list, sub, message);
        }
    }

    // A slow or broken component must not hold up the worker that publishes.
    private async Task DeliverOne<T>(ConcurrentDictionary<Guid, Subscription<T>> list, Subscription<T> sub, T message)
    {
        try
        {
            await sub.Handler(message);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "A live subscriber failed; dropping its subscription");
            list.TryRemove(sub.Key, out _);
        }
    }

    private sealed class Subscription<T>(ConcurrentDictionary<Guid, Subscription<T>> list, Func<T, bool> wants, Func<T, Task> handler) : IDisposable
    {
        public Guid Key { get; } = Guid.NewGuid();
        public Func<T, bool> Wants => wants;
        public Func<T, Task> Handler => handler;
        public void Dispose() => list.TryRemove(Key, out _);
    }
}

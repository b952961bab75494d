using System.Collections.Concurrent;

namespace CifarLab.Web.Lab;

/// <summary>Cancellation sources of the runs training in this process, by run id.</summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _running = new();

    public CancellationTokenSource Register(int runId, CancellationToken hostStopping)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        _running[runId] = cts;
        return cts;
    }

    public void Unregister(int runId) => _running.TryRemove(runId, out _);

    /// <summary>True when the run trains here and was told to stop.</summary>
    public bool Cancel(int runId)
    {
        if (!_running.TryGetValue(runId, out var cts))
        {
            return false;
        }
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        return true;
    }
}

using System.Collections.Concurrent;

namespace CifarLab.Training.Tests.TestSupport;

/// <summary>
/// Synchronous IProgress that records every report (Progress&lt;T&gt; would post to the thread pool and
/// race the assertions). An optional callback runs inline, e.g. to cancel mid-way.
/// </summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly Action<T>? _onReport;

    public RecordingProgress(Action<T>? onReport = null) => _onReport = onReport;

    public IReadOnlyList<T> Items => [.. _items];

    public void Report(T value)
    {
        _items.Enqueue(value);
        _onReport?.Invoke(value);
    }
}

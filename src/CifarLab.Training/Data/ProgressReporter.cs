namespace CifarLab.Training.Data;

/// <summary>
/// Throttles progress reports for one stage to a few per second: a loopback download can produce
/// thousands of chunks, and a UI only needs to move a bar.
/// </summary>
internal sealed class ProgressReporter
{
    private const long IntervalMs = 150;
    private readonly IProgress<DownloadProgress>? _target;
    private readonly string _stage;
    private readonly long? _total;
    private long _lastTick = long.MinValue;

    public ProgressReporter(IProgress<DownloadProgress>? target, string stage, long? total)
    {
        _target = target;
        _stage = stage;
        _total = total;
    }

    /// <summary>Reports when the interval has passed since the last report, or always when <paramref name="force"/>.</summary>
    public void Report(long done, bool force = false)
    {
        if (_target is null)
        {
            return;
        }
        var now = System.Environment.TickCount64;
        if (!force && now - _lastTick < IntervalMs)
        {
            return;
        }
        _lastTick = now;
        _target.Report(new DownloadProgress(_stage, done, _total));
    }
}

namespace CifarLab.Training.Tests.Determinism;

/// <summary>Busy threads that compete with a run for the cores until disposed: the "busy machine" of a test.</summary>
public sealed class CpuLoad : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];

    private CpuLoad(int threads)
    {
        for (var i = 0; i < threads; i++)
        {
            var t = new Thread(Spin) { IsBackground = true, Name = "cpu-load-" + i };
            _threads.Add(t);
            t.Start();
        }
    }

    public static CpuLoad Start(int threads) => new(threads);

    private void Spin()
    {
        var x = 1.0;
        while (!_stop.IsCancellationRequested)
        {
            for (var i = 0; i < 100_000; i++)
            {
                x = Math.Sqrt(x + i);
            }
        }
        GC.KeepAlive(x);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _threads.ForEach(t => t.Join());
        _stop.Dispose();
    }
}

using System.Collections.Concurrent;

namespace CifarLab.Web.Worker;

/// <summary>
/// One long-lived thread per worker slot on which its runs train, one after another. Hours of synchronous native work
/// must not sit on a thread-pool thread the UI and the hub need; and a fresh thread per run made a long-lived host
/// grow: each new thread gets its own native allocator arena (glibc), OpenMP team and thread-local libtorch caches,
/// kept after the thread ends (bench/webhost_memory.sh, docs/BENCHMARKS.md "Web host memory").
/// </summary>
public sealed class TrainingThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];

    public TrainingThread(string name)
    {
        new Thread(() =>
        {
            foreach (var work in _work.GetConsumingEnumerable())
            {
                work();
            }
        })
        { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Runs the work on this thread after what was queued before it; the task ends as the work does.</summary>
    public Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
    }
}

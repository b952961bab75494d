using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;

namespace CifarLab.Training.Tests.Determinism;

/// <summary>The shared CIFAR-10 archive (the official files) extracted and verified once per test class into a temp cache.</summary>
public sealed class RealCifar : IDisposable
{
    private readonly TempDir _cache = new();

    public RealCifar()
    {
        Folder = new DatasetManager().EnsureReady(new DatasetOptions
        {
            Source = SharedDataset.ArchivePath(),
            CacheDirectory = _cache.Path,
        });
    }

    /// <summary>The extracted cifar-10-batches-bin folder.</summary>
    public string Folder { get; }

    public CifarDataset Load(int trainLimit, int testLimit) => CifarDataset.Load(Folder, trainLimit, testLimit);

    public void Dispose() => _cache.Dispose();
}

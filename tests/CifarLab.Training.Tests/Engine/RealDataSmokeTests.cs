using CifarLab.Training.Data;
using CifarLab.Training.Tests.TestSupport;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Engine;

/// <summary>
/// The engine on the real CIFAR-10 files (the shared offline archive): the "quick" preset's
/// tutorial CNN on 10k training images for 2 epochs, which scores around 50% (README, presets);
/// the floor leaves room for seed and thread-count noise, while a broken loader, normalization
/// or label order would land near 10%.
/// </summary>
public sealed class RealDataSmokeTests
{
    [SharedArchiveFact]
    public void Quick_preset_on_the_shared_archive_clears_the_accuracy_floor()
    {
        using var cache = new TempDir();
        var prepared = new DatasetManager().Prepare(new DatasetOptions { Source = SharedDataset.ArchivePath(), CacheDirectory = cache.Path });
        Assert.True(prepared.Provenance.Official);
        var folder = prepared.Folder;
        using var data = CifarDataset.Load(folder, trainLimit: 10_000, testLimit: 5_000);
        var result = new Trainer().Run(Presets.Get("quick").Config, data);
        Assert.True(result.TestAccuracy >= 0.40, $"test accuracy {result.TestAccuracy:P2} is below the 40% floor");
        Assert.Equal(5_000, result.Test.Count);
        Assert.All(result.Test.PerClassAccuracy, a => Assert.InRange(a, 0.05, 1.0));
    }
}

using CifarLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// A run's network before its first step, the same for the Trainer and the benchmarks: the catalog model with the
/// config's width, norm and dropout, initialised from the run's seed, moved to the device, then initialised from data
/// where the model wants that (airbench's whitening stem, from the first <see cref="InitImages"/> training images).
/// Precision and optimizers come after, in <see cref="TrainStep"/>.
/// </summary>
public static class RunModel
{
    /// <summary>How many training images a data-dependent initialisation sees (airbench: the first 5000).</summary>
    public const int InitImages = 5000;

    private static readonly Lock InitLock = new();

    /// <param name="normalizedTrainImages">The first training images, normalized float32 [N,3,32,32] (at most
    /// <see cref="InitImages"/> are read; any device), for models that initialise from data.</param>
    public static nn.Module<Tensor, Tensor> Create(RunConfig config, Device device, Tensor normalizedTrainImages)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(normalizedTrainImages);
        nn.Module<Tensor, Tensor> model;
        // libtorch's default generator is process-wide and the layers' initialisers draw from it: seeding and
        // initialising under one lock keeps a run's initial weights reproducible when another run starts on another
        // thread. Nothing else in a run touches that generator (augmentation, order and dropout have their own).
        lock (InitLock)
        {
            torch.manual_seed(config.Seed);
            model = ModelCatalog.Get(config.Model).Create(new ModelOptions { Width = config.Width, Norm = config.Norm, Dropout = config.Dropout });
        }
        model.to(device);
        if (model is IDataInitialized init)
        {
            using var scope = NewDisposeScope();
            var head = normalizedTrainImages.narrow(0, 0, Math.Min(InitImages, normalizedTrainImages.shape[0]));
            init.InitializeFromData(head.to(device)); // a no-op move when already there
        }
        return model;
    }
}

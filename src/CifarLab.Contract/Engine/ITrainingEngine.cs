
namespace CifarLab.Contract;

/// <summary>
/// The web app's one seam over CifarLab.Training. Everything crossing it is plain data: the web
/// layer never sees a tensor. Train is synchronous and long; callers give it a dedicated thread.
/// </summary>
public interface ITrainingEngine
{
    // The catalog and the presets are contract statics (ModelSpecs.All, Presets.All); these stay while the form reads them here.
    IReadOnlyList<ModelChoice> Models { get; }
    IReadOnlyList<Preset> Presets { get; }
    IReadOnlyList<string> ClassNames { get; }


    BackendReport ProbeBackend();
    DatasetStatus ProbeDataset();

    /// <summary>Downloads/extracts/verifies the dataset when needed; returns its folder and whether it is official.</summary>
    PreparedDataset PrepareDataset(IProgress<DownloadProgress>? progress, CancellationToken ct);

    /// <summary>Trains one run; reports <see cref="DatasetReady"/> once its data is known, then the trainer's events.</summary>
    TrainedRun Train(TrainRequest request, IProgress<TrainingEvent> progress, CancellationToken ct);

    /// <summary>
    /// One image of the configured dataset's test set as PNG, enlarged <paramref name="scale"/> times: the
    /// misclassified grid of runs that finished before their images were stored with them.
    /// </summary>
    /// <exception cref="IOException">The dataset is missing or damaged (<see cref="InvalidDataException"/>).</exception>
    byte[] TestImagePng(int testIndex, int scale);

    /// <summary>A stored 3 x 32 x 32 image (<see cref="TestImage.Pixels"/>) as PNG, enlarged <paramref name="scale"/> times.</summary>
    byte[] ImagePng(byte[] pixels, int scale);

    /// <summary>
    /// The first <paramref name="images"/> training images under <paramref name="config"/>'s augmentation, drawn
    /// <paramref name="draws"/> times (draw d as the augmenter draws epoch d), enlarged <paramref name="scale"/> times.
    /// The same config and seed give the same pictures; with augmentation off every draw is the original.
    /// The draws come from the same augmenter and generator kind as training, over these few images only, so they show
    /// what the settings do rather than the exact crops of a run over the whole set.
    /// </summary>
    /// <exception cref="ArgumentException">An augmentation setting the engine cannot apply, or counts outside
    /// 1..<see cref="AugmentationSamples.MaxImages"/> / <see cref="AugmentationSamples.MaxDraws"/>.</exception>
    /// <exception cref="InvalidOperationException">The dataset is not prepared.</exception>
    /// <exception cref="IOException">The dataset is damaged.</exception>
    AugmentationSamples PreviewAugmentation(RunConfig config, int images, int draws, int scale);
}

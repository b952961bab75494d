
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
}

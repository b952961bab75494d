using CifarLab.Training.Training;

namespace CifarLab.Web.Engine;

/// <summary>
/// The web app's one seam over CifarLab.Training. Everything here is plain data: the web layer never
/// sees a tensor. Train is synchronous and long; callers run it on a dedicated thread.
/// </summary>
public interface ITrainingEngine
{
    IReadOnlyList<ModelChoice> Models { get; }
    IReadOnlyList<PresetChoice> Presets { get; }
    IReadOnlyList<string> ClassNames { get; }

    IReadOnlyList<FieldError> Validate(RunConfig config);

    /// <summary>Trainable parameters of the config's model, or null when the model is unknown.</summary>
    long? CountParameters(RunConfig config);

    BackendReport ProbeBackend();
    DatasetReadiness ProbeDataset();

    /// <summary>Downloads/extracts the dataset when needed; returns its folder.</summary>
    string PrepareDataset(IProgress<DatasetProgress>? progress, CancellationToken ct);

    TrainingResult Train(TrainRequest request, IProgress<TrainingEvent> progress, CancellationToken ct);

    /// <summary>One test-set image as PNG (for the misclassified grid).</summary>
    byte[] TestImagePng(int testIndex);
}

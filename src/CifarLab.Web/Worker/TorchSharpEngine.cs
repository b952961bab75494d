using CifarLab.Training.Checkpoints;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Models;
using CifarLab.Training.Training;
using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Worker;

/// <summary>The real engine: CifarLab.Training's catalog, validator, dataset manager and trainer.</summary>
public sealed class TorchSharpEngine(EngineDataset dataset, IOptions<WorkerOptions> worker, RunStorage storage) : ITrainingEngine
{
    // From the contract's specs, not the engine's catalog (whose entries carry TorchSharp factories): listing models
    // must not load TorchSharp.
    public IReadOnlyList<ModelChoice> Models { get; } = ModelSpecs.All
        .Select(m => new ModelChoice(m.Name, m.DisplayName, m.Description, m.Source, m.SupportedNorms, m.SupportsDropout))
        .ToList();

    public IReadOnlyList<Preset> Presets => CifarLab.Contract.Presets.All;

    public IReadOnlyList<string> ClassNames => CifarLayout.StandardClassNames;

    public BackendReport ProbeBackend() => NativeBackend.Probe();

    public DatasetStatus ProbeDataset() => dataset.Probe();

    public PreparedDataset PrepareDataset(IProgress<DownloadProgress>? progress, CancellationToken ct) => dataset.Prepare(progress, ct);

    public TrainedRun Train(TrainRequest request, IProgress<TrainingEvent> progress, CancellationToken ct)
    {
        var config = request.Config;
        progress.Report(new PhaseChanged("dataset", "Checking the dataset"));
        var prepared = dataset.Prepare(new DownloadPhases(progress), ct);
        progress.Report(new DatasetReady(prepared.Provenance));
        progress.Report(new PhaseChanged("loading", "Loading images"));
        using var data = CifarDataset.Load(prepared.Folder, config.TrainLimit, config.TestLimit);
        var options = new TrainerRunOptions
        {
            CheckpointDirectory = request.RunDirectory,
            Resume = request.Resume,
            ProgressInterval = TimeSpan.FromMilliseconds(Math.Max(50, worker.Value.ProgressIntervalMs)),
            CpuThreads = worker.Value.CpuThreads,
            Storage = storage,
        };
        var result = CheckpointStore.AttachDataset(new Trainer().Run(config, data, options, progress, ct), prepared.Provenance, storage);
        // Taken from the images the run was scored on, while they are loaded: the dataset may change later.
        var images = result.Test.Misclassified
            .Select(m => new TestImage(m.TestIndex, CifarDataset.ImagePlanes(data.Test, m.TestIndex)))
            .ToList();
        return new TrainedRun(result, images);
    }

    public byte[] TestImagePng(int testIndex, int scale)
    {
        try
        {
            return dataset.TestImagePng(testIndex, scale);
        }
        catch (CifarFormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    public byte[] ImagePng(byte[] pixels, int scale) =>
        PngEncoder.EncodeRgbPlanes(pixels, CifarLayout.ImageSize, CifarLayout.ImageSize, scale);

    public AugmentationSamples PreviewAugmentation(RunConfig config, int images, int draws, int scale)
    {
        try
        {
            using var train = dataset.FirstTrainImages(images);
            return AugmentationPreview.Render(train, config, images, draws, scale);
        }
        catch (CifarFormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    /// <summary>Shows a download that a run has to wait for as its phase.</summary>
    private sealed class DownloadPhases(IProgress<TrainingEvent> progress) : IProgress<DownloadProgress>
    {
        private string? _lastStage;

        public void Report(DownloadProgress value)
        {
            if (value.Stage != _lastStage)
            {
                _lastStage = value.Stage;
                progress.Report(new PhaseChanged("dataset", $"Dataset: {value.Stage}"));
            }
        }
    }
}

using CifarLab.Training.Data;
using CifarLab.Web.Live;

namespace CifarLab.Web.Worker;

/// <summary>
/// Fetches/extracts the dataset in the background when the home page (or startup) asks, and
/// broadcasts progress; only one preparation runs at a time.
/// </summary>
public sealed class DatasetPreparer(ITrainingEngine engine, RunNotifier notifier, ILogger<DatasetPreparer> logger)
{
    private readonly Lock _gate = new();
    private Task? _running;

    public DatasetMessage? Last { get; private set; }

    public bool IsRunning => _running is { IsCompleted: false };

    public Task StartAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_running is { IsCompleted: false })
            {
                return _running;
            }
            _running = Task.Factory.StartNew(() => Prepare(ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return _running;
        }
    }

    private void Prepare(CancellationToken ct)
    {
        var progress = new Progress(this);
        try
        {
            Publish(new DatasetMessage("starting", 0, "Checking the dataset…", false, false));
            var prepared = engine.PrepareDataset(progress, ct);
            Publish(new DatasetMessage("ready", 1, prepared.Provenance.Official
                ? $"CIFAR-10 is ready in {prepared.Folder}; its files are the official ones."
                : $"Unofficial data is ready in {prepared.Folder} ({DatasetOptions.AllowUnofficialSetting} is on): runs on it are labelled \"{DatasetProvenance.UnofficialLabel}\".",
                true, false));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Dataset preparation failed");
            Publish(new DatasetMessage("error", null, ex.Message, true, true));
        }
    }

    private void Publish(DatasetMessage message)
    {
        Last = message;
        notifier.Publish(message);
    }

    private sealed class Progress(DatasetPreparer owner) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            double? fraction = value.BytesTotal is > 0 ? (double)value.BytesDone / value.BytesTotal.Value : null;
            var mb = value.BytesDone / 1e6;
            var message = value.BytesTotal is > 0 ? $"{value.Stage}: {mb:F1} of {value.BytesTotal.Value / 1e6:F1} MB" : $"{value.Stage}: {mb:F1} MB";
            owner.Publish(new DatasetMessage(value.Stage, fraction, message, false, false));
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using CifarLab.Training.Checkpoints;
using CifarLab.Training.Data;

namespace CifarLab.Web.Tests.Infrastructure;

/// <summary>
/// A test double of the engine contract: a run it is asked to train emits exactly the events the test asks for, when
/// it asks (<c>await engine.Run(id).ReachEpoch(2)</c>), and ends when the test says (<see cref="ScriptedRun.Complete"/>,
/// <see cref="ScriptedRun.Fail"/>) or when the worker cancels it. It records what it was asked to train. Everything
/// around it (worker, lifecycle, SQLite, hub, pages) is the real app, so queue, hub, restart and live-page tests hold
/// a run at a chosen point instead of sizing real training by how fast the machine is.
/// </summary>
public sealed class ScriptedEngine(RunStorage? storage = null) : ITrainingEngine
{
    /// <summary>A wait for the app to act (the worker to pick a run up, an event to be handled); never a sleep.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<int, ScriptedRun> _runs = new();
    private readonly ConcurrentQueue<TrainRequest> _requests = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<ScriptedRun>> _nextAttempts = new();

    /// <summary>Every request to train, in the order the worker made them (a resumed run appears again).</summary>
    public IReadOnlyList<TrainRequest> Requests => [.. _requests];

    /// <summary>The script of one run (by id), whether or not the worker has taken it yet (after a resume here: the new attempt's).</summary>
    public ScriptedRun Run(int runId) => _runs.GetOrAdd(runId, id => new ScriptedRun(id, Storage));

    /// <summary>Where scripted checkpoints are written (the file system unless a test gives a filling disk).</summary>
    public RunStorage Storage { get; } = storage ?? RunStorage.Disk;

    /// <summary>
    /// Completes with the script of the run's next attempt when the worker starts training it again (after a resume in
    /// this host); ask before resuming, since until then <see cref="Run"/> still returns the finished attempt's script.
    /// </summary>
    public Task<ScriptedRun> NextAttempt(int runId) =>
        _nextAttempts.GetOrAdd(runId, _ => new TaskCompletionSource<ScriptedRun>(TaskCreationOptions.RunContinuationsAsynchronously))
            .Task.WaitAsync(Patience);

    public IReadOnlyList<ModelChoice> Models { get; } = ModelSpecs.All
        .Select(m => new ModelChoice(m.Name, m.DisplayName, m.Description, m.Source, m.SupportedNorms, m.SupportsDropout))
        .ToList();

    public IReadOnlyList<Preset> Presets => CifarLab.Contract.Presets.All;

    public IReadOnlyList<string> ClassNames => CifarLayout.StandardClassNames;



    /// <summary>The count a scripted result reports (the trainer's own count in a real run).</summary>
    public const long ParameterCount = 12345;

    public BackendReport ProbeBackend() =>
        new(true, "scripted", "scripted", "cpu", false, 0, 1, "test", null, null);

    public DatasetStatus ProbeDataset() => new(DatasetState.Ready, "Scripted data is ready.", TestDataset.Folder, Official: false);

    public PreparedDataset PrepareDataset(IProgress<DownloadProgress>? progress, CancellationToken ct) =>
        new(TestDataset.Folder, Provenance);

    public static readonly DatasetProvenance Provenance = new(false, "scripted", new string('0', 64));

    public byte[] TestImagePng(int testIndex, int scale) =>
        throw new InvalidOperationException("The scripted engine has no dataset images.");

    public byte[] ImagePng(byte[] pixels, int scale) =>
        PngEncoder.EncodeRgbPlanes(pixels, CifarLayout.ImageSize, CifarLayout.ImageSize, scale);

    private readonly ConcurrentQueue<(RunConfig Config, int Images, int Draws, int Scale)> _previews = new();

    /// <summary>The augmentation previews asked of this engine, in order.</summary>
    public IReadOnlyList<(RunConfig Config, int Images, int Draws, int Scale)> Previews => [.. _previews];

    /// <summary>Flat pictures, no tensors: image i of draw d is filled with the grey 10 x (d + 1) + i (the originals: i),
    /// so a test can tell which picture went where.</summary>
    public AugmentationSamples PreviewAugmentation(RunConfig config, int images, int draws, int scale)
    {
        _previews.Enqueue((config, images, draws, scale));
        byte[] Flat(int value) => PngEncoder.EncodeRgbPlanes(Enumerable.Repeat((byte)value, CifarLayout.PixelBytes).ToArray(), CifarLayout.ImageSize, CifarLayout.ImageSize, scale);
        return new AugmentationSamples(images, draws, [.. Enumerable.Range(0, images).Select(Flat)],
            [.. Enumerable.Range(0, draws).SelectMany(d => Enumerable.Range(0, images).Select(i => Flat(10 * (d + 1) + i)))]);
    }

    public TrainedRun Train(TrainRequest request, IProgress<TrainingEvent> progress, CancellationToken ct)
    {
        _requests.Enqueue(request);
        var id = int.Parse(Path.GetFileName(request.RunDirectory), CultureInfo.InvariantCulture);
        // A run trained again here (resumed after an interrupt) gets a fresh script; Run(id) returns it from now on.
        var run = _runs.AddOrUpdate(id, _ => new ScriptedRun(id, Storage), (_, old) => old.Started.IsCompleted ? new ScriptedRun(id, Storage) : old);
        if (_nextAttempts.TryRemove(id, out var next))
        {
            next.TrySetResult(run);
        }
        return run.Train(request, progress, ct);
    }
}

/// <summary>
/// One run's script: the test pushes steps, the worker's training thread plays them in order. Like the real trainer it
/// reports an epoch's metrics, then writes that epoch's checkpoint folder (epoch-NNNN/, through the engine's
/// <see cref="RunStorage"/>, as epoch-NNNN.partial renamed when complete, the older one pruned) and reports
/// <see cref="CheckpointSaved"/>; the last epoch gets none (the real one writes final weights instead).
/// </summary>
public sealed class ScriptedRun(int runId, RunStorage storage)
{
    private readonly BlockingCollection<Step> _steps = [];
    private readonly TaskCompletionSource<TrainRequest> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<EpochMetrics> _epochs = [];
    private int _lastEpoch;

    public int RunId => runId;

    /// <summary>Completes when a worker starts training this run (with what it asked for).</summary>
    public Task<TrainRequest> Started => _started.Task;

    /// <summary>Completes when the engine call returns, throws or is cancelled.</summary>
    public Task Ended => _ended.Task;

    /// <summary>The metrics the script reports for an epoch (deterministic, finite, improving).</summary>
    public static EpochMetrics Metrics(int epoch) =>
        new(epoch, TrainLoss: 2.0 / epoch, TrainAccuracy: 0.1 + 0.01 * epoch, TestLoss: 2.1 / epoch, TestAccuracy: 0.1 + 0.009 * epoch,
            LearningRate: 0.05, EpochSeconds: 1, ImagesPerSecond: 320);

    /// <summary>The run resumes after this epoch (a new engine instance, as after a restart).</summary>
    public ScriptedRun After(int epoch)
    {
        _lastEpoch = epoch;
        return this;
    }

    /// <summary>
    /// Waits for a worker to start the run, then reports a phase, the last step and the metrics of every epoch up to
    /// <paramref name="epoch"/>; returns once the engine has reported them (the app handles them right after).
    /// </summary>
    public async Task<ScriptedRun> ReachEpoch(int epoch)
    {
        var request = await Started.WaitAsync(ScriptedEngine.Patience);
        var events = new List<TrainingEvent>();
        for (var e = _lastEpoch + 1; e <= epoch; e++)
        {
            var total = request.Config.Epochs;
            events.Add(new PhaseChanged("training", $"Epoch {e}/{total}"));
            events.Add(new StepProgress(e, e * 10, total * 10, 10, 10, 1.0 / e, 320, 0.05, TimeSpan.FromSeconds(e), TimeSpan.FromSeconds(total - e)));
            var metrics = Metrics(e);
            events.Add(metrics);
            _epochs.Add(metrics);
            if (e < total)
            {
                events.Add(new CheckpointSaved(e, request.RunDirectory));
            }
        }
        _lastEpoch = Math.Max(_lastEpoch, epoch);
        await Play(new Step(events, null, null));
        return this;
    }

    /// <summary>Reports any events (a phase, a progress step, a checkpoint) as the engine would.</summary>
    public async Task<ScriptedRun> Emit(params TrainingEvent[] events)
    {
        await Started.WaitAsync(ScriptedEngine.Patience);
        await Play(new Step(events, null, null));
        return this;
    }

    /// <summary>Ends the run successfully with the given result, or one built from the epochs reported so far.</summary>
    public async Task Complete(TrainingResult? result = null)
    {
        var request = await Started.WaitAsync(ScriptedEngine.Patience);
        await Play(new Step([], result ?? ResultFor(request.Config), null));
        await Ended.WaitAsync(ScriptedEngine.Patience);
    }

    /// <summary>Ends the run by throwing, as a failing engine would.</summary>
    public async Task Fail(Exception error)
    {
        await Started.WaitAsync(ScriptedEngine.Patience);
        await Play(new Step([], null, error));
        await Ended.WaitAsync(ScriptedEngine.Patience);
    }

    public TrainingResult ResultFor(RunConfig config)
    {
        var perClass = Enumerable.Repeat(0.5, 10).ToArray();
        var confusion = Enumerable.Range(0, 10).Select(i => Enumerable.Range(0, 10).Select(j => i == j ? 4 : 0).ToArray()).ToArray();
        var test = new EvaluationResult(0.5, 1.5, 40, perClass, confusion, [new Misclassified(3, 1, 2, 0.7)]);
        return new TrainingResult(config, test, [.. _epochs], TrainSeconds: 2, ImagesPerSecond: 320, "cpu", ScriptedEngine.ParameterCount, null, null)
        {
            Dataset = ScriptedEngine.Provenance,
        };
    }

    private async Task Play(Step step)
    {
        _steps.Add(step);
        await step.Played.Task.WaitAsync(ScriptedEngine.Patience);
    }

    /// <summary>The engine call, on the worker's training thread: plays steps until one ends the run or the worker cancels.</summary>
    internal TrainedRun Train(TrainRequest request, IProgress<TrainingEvent> progress, CancellationToken ct)
    {
        _started.TrySetResult(request);
        try
        {
            while (true)
            {
                // Take throws OperationCanceledException when the worker cancels: the run stops "after its current step".
                var step = _steps.Take(ct);
                try
                {
                    foreach (var e in step.Events)
                    {
                        if (e is CheckpointSaved saved)
                        {
                            WriteCheckpoint(request.RunDirectory, saved.Epoch);
                        }
                        progress.Report(e);
                    }
                }
                finally
                {
                    // Played even when writing a checkpoint failed (the run then ends with that failure).
                    step.Played.TrySetResult();
                }
                if (step.Error is { } error)
                {
                    throw error;
                }
                if (step.Result is { } result)
                {
                    var images = result.Test.Misclassified.Select(m => new TestImage(m.TestIndex, new byte[3 * 32 * 32])).ToList();
                    return new TrainedRun(result, images);
                }
            }
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    /// <summary>An epoch checkpoint as the real store writes one; a storage failure removes the partial folder and
    /// is reported as the real store reports it.</summary>
    private void WriteCheckpoint(string runDirectory, int epoch)
    {
        var final = Path.Combine(runDirectory, CheckpointLayout.EpochFolder(epoch));
        var partial = final + CheckpointLayout.PartialSuffix;
        try
        {
            Directory.CreateDirectory(partial);
            foreach (var (name, size) in new[] { (CheckpointLayout.ModelFile, 64 * 1024), ("optimizer.bin", 64 * 1024), ("state.json", 256) })
            {
                using var file = storage.Create(Path.Combine(partial, name));
                file.Write(new byte[size]);
            }
            Directory.Move(partial, final);
        }
        catch (Exception ex) when (StorageFailedException.IsStorageFault(ex))
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
            throw new StorageFailedException($"the epoch {epoch} checkpoint", runDirectory, ex);
        }
        foreach (var older in Directory.EnumerateDirectories(runDirectory, CheckpointLayout.EpochPrefix + "*")
            .Where(d => CheckpointLayout.EpochOf(Path.GetFileName(d)) < epoch))
        {
            Directory.Delete(older, recursive: true);
        }
    }

    private sealed record Step(IReadOnlyList<TrainingEvent> Events, TrainingResult? Result, Exception? Error)
    {
        public TaskCompletionSource Played { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

using System.Diagnostics;
using CifarLab.Training.Checkpoints;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Evaluation;
using CifarLab.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// Runs one training job end to end: data to the device, model, optimizer, schedule, epochs,
/// evaluation, checkpoints. Synchronous and single-threaded by design: dispose scopes are per
/// thread, so callers give each run a dedicated thread. Cancellation is honoured between steps.
/// </summary>
public sealed class Trainer
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Instance API: hosts hold a Trainer and may configure it later.")]
    public TrainingResult Run(RunConfig config, CifarDataset data, TrainerRunOptions? options = null,
        IProgress<TrainingEvent>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        RunConfigValidator.EnsureValid(config);
        options ??= new TrainerRunOptions();
        NativeBackend.EnsureLoaded();
        // libtorch's OpenMP thread count is a setting of the calling thread: set it for this run and put it back,
        // so a host that reuses the thread (a test runner, a worker slot) is not left with this run's count.
        var previousThreads = torch.get_num_threads();
        if (options.CpuThreads > 0)
        {
            torch.set_num_threads(options.CpuThreads);
        }
        try
        {
            var device = DeviceSelector.Resolve(config.Device);
            using var session = new TrainingSession(config, data, device, options, progress);
            return session.Execute(ct);
        }
        finally
        {
            if (options.CpuThreads > 0)
            {
                torch.set_num_threads(previousThreads);
            }
        }
    }
}

/// <summary>The state of one run while it executes; owns every native object it creates.</summary>
internal sealed class TrainingSession : IDisposable
{
    private readonly RunConfig _c;
    private readonly Device _device;
    private readonly TrainerRunOptions _options;
    private readonly IProgress<TrainingEvent>? _progress;
    private readonly CheckpointStore? _store;
    private readonly Tensor _trainX, _trainY, _testX, _testY;
    private readonly Tensor? _valX, _valY;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TrainStep _step;
    private readonly WeightAverager? _averager;
    private readonly TrainAugmenter _augmenter;
    private readonly Generator _generator;
    private readonly long _parameterCount;
    private readonly List<EpochMetrics> _history = [];
    private readonly Stopwatch _sessionClock = new();
    private int _stepsThisSession;

    public TrainingSession(RunConfig config, CifarDataset data, Device device, TrainerRunOptions options, IProgress<TrainingEvent>? progress)
    {
        _c = config;
        _device = device;
        _options = options;
        _progress = progress;
        _store = options.CheckpointDirectory is { } dir ? new CheckpointStore(dir, options.Storage) : null;
        Report(new PhaseChanged("preparing", $"Preparing data on {device.type.ToString().ToLowerInvariant()}"));

        // A CPU generator on every device: TorchSharp 0.107 builds a CPU generator even when given a CUDA device
        // (CUDA kernels then reject it), so draws happen on the CPU and the small index tensors move over.
        _generator = new Generator((ulong)config.Seed, CPU);
        (_trainX, _trainY) = ToDevice(data.Train, config.TrainLimit);
        if (config.ValidationImages > 0)
        {
            (_trainX, _trainY, _valX, _valY) = HoldOut(_trainX, _trainY, config.ValidationImages, config.Seed);
        }
        (_testX, _testY) = ToDevice(data.Test, config.TestLimit);
        if (_trainX.shape[0] == 0 || _testX.shape[0] == 0)
        {
            throw new ArgumentException($"The dataset is empty after limits (train {_trainX.shape[0]}, test {_testX.shape[0]} images).");
        }

        Tensor head;
        using (var scope = NewDisposeScope())
        {
            head = CifarStats.Normalize(_trainX.narrow(0, 0, Math.Min(RunModel.InitImages, _trainX.shape[0])), device).MoveToOuterDisposeScope();
        }
        using (head)
        {
            _model = RunModel.Create(config, device, head);
        }
        _parameterCount = _model.parameters().Sum(p => p.numel());
        _step = new TrainStep(config, _model, device, BatchSize, StepsPerEpoch, note => Report(new PhaseChanged("precision", note)));
        _averager = config.EmaDecay > 0 || config.LookaheadEvery > 0 ? new WeightAverager(_model) : null;
        _augmenter = TrainAugmenter.FromBytes(AugmentOptions.FromConfig(config), _trainX, _generator);
    }

    private int TrainCount => (int)_trainX.shape[0];
    private int BatchSize => Math.Min(_c.BatchSize, TrainCount);
    // Drop the last partial batch (as airbench does): tiny tail batches make BN statistics noisy.
    private int StepsPerEpoch => TrainCount / BatchSize;

    public TrainingResult Execute(CancellationToken ct)
    {
        var schedule = new LrSchedule(_c, StepsPerEpoch);
        var startEpoch = 0;
        var globalStep = 0;
        if (_options.Resume && _store?.FindLatest() is { } point)
        {
            CheckpointStore.LoadInto(point, _model, _step.Optimizer, _averager);
            startEpoch = point.State.EpochsCompleted;
            globalStep = point.State.GlobalStep;
            _history.AddRange(point.State.History);
            Report(new PhaseChanged("resumed", $"Resumed after epoch {startEpoch} (step {globalStep})"));
        }

        // Checked once before the first step: a NaN/inf weight (a degenerate whitening stem, a broken checkpoint)
        // would otherwise surface as a diverged loss with no hint of where it came from.
        if (NonFiniteProbe.FirstNonFiniteState(_model) is { } broken)
        {
            throw TrainingDivergedException.NonFiniteStart(broken);
        }
        var clock = Stopwatch.StartNew();
        _sessionClock.Start();
        var trainSeconds = _history.Sum(h => h.EpochSeconds);
        EvaluationResult? final = null;
        var epochsRun = 0;
        for (var epoch = startEpoch; epoch < _c.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            var isLast = epoch == _c.Epochs - 1;
            var (trainLoss, trainAcc, seconds, lr) = TrainEpoch(epoch, schedule, ref globalStep, ct);
            trainSeconds += seconds;
            epochsRun++;
            EvaluationResult? eval = null, validation = null;
            if (_valX is not null)
            {
                // With a split every scheduled evaluation is on the validation images, without test-time augmentation;
                // the test set is scored once, when training ends (the last epoch, or early stopping).
                if (isLast)
                {
                    _averager?.CopyToModelIfLookahead(_c);
                }
                if (isLast || (epoch + 1) % _c.EvalEvery == 0)
                {
                    validation = EvaluateCurrent(_valX, _valY!, "the validation loss", TtaMode.None, epoch, globalStep, lr);
                }
                if (isLast || EarlyStop.ShouldStop(_c, _history, epoch + 1, validation?.Accuracy))
                {
                    if (!isLast)
                    {
                        _averager?.CopyToModelIfLookahead(_c);
                        Report(new PhaseChanged("early-stop", $"No better validation accuracy in {_c.EarlyStopPatience} epochs: stopping after epoch {epoch + 1}"));
                    }
                    Report(new PhaseChanged("evaluating", "Test-set evaluation" + (_c.Tta != TtaMode.None ? $" with {_c.Tta} test-time augmentation" : "")));
                    final = eval = EvaluateCurrent(_testX, _testY, "the test loss", _c.Tta, epoch, globalStep, lr);
                }
            }
            else if (isLast)
            {
                _averager?.CopyToModelIfLookahead(_c);
                Report(new PhaseChanged("evaluating", "Final evaluation" + (_c.Tta != TtaMode.None ? $" with {_c.Tta} test-time augmentation" : "")));
                final = eval = EvaluateCurrent(_testX, _testY, "the test loss", _c.Tta, epoch, globalStep, lr);
            }
            else if ((epoch + 1) % _c.EvalEvery == 0)
            {
                eval = EvaluateCurrent(_testX, _testY, "the test loss", TtaMode.None, epoch, globalStep, lr);
            }
            var metrics = new EpochMetrics(epoch + 1, trainLoss, trainAcc, eval?.Loss, eval?.Accuracy, lr, seconds, StepsPerEpoch * BatchSize / Math.Max(seconds, 1e-9))
            {
                ValidationLoss = validation?.Loss,
                ValidationAccuracy = validation?.Accuracy,
            };
            _history.Add(metrics);
            Report(metrics);
            if (final is not null)
            {
                break;
            }
            if (_store is not null && !isLast && (epoch + 1) % _options.CheckpointEvery == 0)
            {
                _store.SaveEpoch(new CheckpointState(epoch + 1, globalStep, DateTimeOffset.UtcNow, NativeBackend.TorchSharpVersion, _history.ToList()),
                    _c, _model, _step.Optimizer, _averager);
                Report(new CheckpointSaved(epoch + 1, _store.Directory));
            }
        }
        final ??= EvaluateCurrent(_testX, _testY, "the test loss", _c.Tta, _c.Epochs - 1, globalStep, _history.LastOrDefault()?.LearningRate ?? 0); // resumed after the last epoch had already finished
        string? modelPath = null, exportPath = null;
        if (_store is not null)
        {
            using var swap = _c.EmaDecay > 0 ? _averager?.SwapIn() : null;
            (modelPath, exportPath) = _store.SaveFinal(_model, _c);
            Report(new CheckpointSaved(_c.Epochs, modelPath));
        }
        var trainedImages = (double)StepsPerEpoch * BatchSize * epochsRun;
        var freshSeconds = trainSeconds - _history.Take(startEpoch).Sum(h => h.EpochSeconds);
        var result = new TrainingResult(_c, final, _history.ToList(), trainSeconds, trainedImages / Math.Max(freshSeconds, 1e-9),
            DeviceName(), _parameterCount, modelPath, exportPath);
        _store?.SaveResult(result);
        var validated = result.ValidationAccuracy is { } v ? $", validation accuracy {v:P2}" : "";
        Report(new PhaseChanged("completed", $"Test accuracy {final.Accuracy:P2}{validated} after {clock.Elapsed.TotalSeconds:F1} s"));
        return result;
    }

    private (double Loss, double Acc, double Seconds, double Lr) TrainEpoch(int epoch, LrSchedule schedule, ref int globalStep, CancellationToken ct)
    {
        _model.train();
        if (_model is IEpochAware aware)
        {
            aware.OnEpochStart(epoch);
        }
        // Reseed per epoch so a resumed run sees exactly the augmentation, order and dropout it would have seen.
        _generator.manual_seed(unchecked(_c.Seed * 1_000_003L + epoch));
        ModuleRandomness.Reseed(_model, _c.Seed, epoch);
        Report(new PhaseChanged("training", $"Epoch {epoch + 1}/{_c.Epochs}"));

        var sw = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        using var epochScope = NewDisposeScope();
        // The epoch's augmentation is drawn here and applied per batch: the training set stays uint8, and neither a
        // float32 copy of it nor of an augmented epoch is ever held (docs/BENCHMARKS.md, "Peak memory").
        using var augmentation = _augmenter.BeginEpoch(epoch);
        var order = randperm(TrainCount, generator: _generator, device: CPU).to(_device);
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: _device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: _device);
        var lr = 0.0;
        // On the CPU reading the loss costs nothing (every op has already run), so each step is checked and the
        // failing batch is still at hand to find the layer; on CUDA a read would sync every step, so the running
        // sum is checked at the progress reports instead.
        var checkEveryStep = _device.type == DeviceType.CPU;
        var steps = StepsPerEpoch;
        var bs = BatchSize;
        for (var s = 0; s < steps; s++)
        {
            ct.ThrowIfCancellationRequested();
            lr = _step.SetLrMultiplier(schedule.Multiplier(globalStep), globalStep);
            using (var stepScope = NewDisposeScope())
            {
                var idx = order.narrow(0, (long)s * bs, bs);
                var x = _step.PrepareInput(augmentation.Batch(idx));
                var y = _trainY.index_select(0, idx);
                var (logits, loss) = _step.Forward(x, y);
                if (checkEveryStep && loss.ToDouble() is var value && !double.IsFinite(value))
                {
                    throw Diverged(epoch, globalStep + 1, "the training loss", value, lr, x);
                }
                _step.Update(loss);
                using (no_grad())
                {
                    lossSum.add_(_c.Loss == LossReduction.Sum ? loss.detach() : loss.detach().mul(bs));
                    correct.add_(logits.argmax(1).eq(y).sum());
                }
            }
            globalStep++;
            _stepsThisSession++;
            _averager?.AfterStep(_c, globalStep, schedule.TotalSteps);
            if (sw.Elapsed - lastReport >= _options.ProgressInterval || s == steps - 1)
            {
                lastReport = sw.Elapsed;
                // The running sum stays NaN/inf once one step's loss is, so checking at the reports (which read it
                // anyway) catches divergence without an extra device sync per step.
                var running = lossSum.ToDouble() / ((s + 1) * (double)bs);
                if (!double.IsFinite(running))
                {
                    throw Diverged(epoch, globalStep, "the training loss", running, lr, batch: null);
                }
                ReportStep(epoch, s + 1, steps, globalStep, schedule.TotalSteps, running, lr, sw.Elapsed);
            }
        }
        var seen = (double)steps * bs;
        return (lossSum.ToDouble() / seen, correct.ToInt64() / seen, sw.Elapsed.TotalSeconds, lr);
    }

    private void ReportStep(int epoch, int stepInEpoch, int steps, int globalStep, int totalSteps, double runningLoss, double lr, TimeSpan epochElapsed)
    {
        if (_progress is null)
        {
            return;
        }
        var ips = stepInEpoch * BatchSize / Math.Max(epochElapsed.TotalSeconds, 1e-9);
        var elapsed = TimeSpan.FromSeconds(_history.Sum(h => h.EpochSeconds)) + epochElapsed;
        // ETA from this session's average seconds per step (epochs, evaluation included): a rate
        // taken over the current epoch alone swings wildly in its first steps.
        var secondsPerStep = _sessionClock.Elapsed.TotalSeconds / Math.Max(_stepsThisSession, 1);
        var eta = TimeSpan.FromSeconds((totalSteps - globalStep) * secondsPerStep);
        Report(new StepProgress(epoch + 1, globalStep, totalSteps, stepInEpoch, steps, runningLoss, ips, lr, elapsed, eta));
    }

    private EvaluationResult EvaluateCurrent(Tensor images, Tensor labels, string what, TtaMode tta, int epoch, int globalStep, double lr)
    {
        using var swap = _c.EmaDecay > 0 ? _averager?.SwapIn() : null;
        var result = Evaluator.Evaluate(_model, images, labels, tta, inputType: _step.HalfType, channelsLast: _c.ChannelsLast);
        if (double.IsFinite(result.Loss))
        {
            return result;
        }
        // Scores of non-finite logits mean nothing: the run fails, naming the layer that broke in eval mode
        // (running statistics instead of batch statistics are the usual suspect).
        var wasTraining = _model.training;
        _model.eval();
        try
        {
            using var scope = NewDisposeScope();
            var batch = CifarStats.Normalize(images.narrow(0, 0, Math.Min(Evaluator.DefaultChunk, images.shape[0])), _device);
            throw Diverged(epoch, globalStep, what, result.Loss, lr, _step.HalfType is { } t ? batch.to_type(t) : batch);
        }
        finally
        {
            _model.train(wasTraining);
        }
    }

    /// <summary>The divergence error, naming what went non-finite first: a weight (the previous update broke it),
    /// else the first layer whose output is NaN/inf on <paramref name="batch"/>, else the loss itself.</summary>
    private TrainingDivergedException Diverged(int epoch, int step, string what, double value, double lr, Tensor? batch)
    {
        var cause = NonFiniteProbe.FirstNonFiniteState(_model) is { } state
            ? $"the model state {state}, already non-finite when step {step} began"
            : batch is null ? null
            : NonFiniteProbe.FirstNonFiniteLayer(_model, batch) ?? "the loss itself, computed from finite logits";
        return new TrainingDivergedException(epoch + 1, step, what, value, lr, cause);
    }

    /// <summary>A split's first images as uint8 on the device (on the CPU a view of the dataset's own bytes, no copy),
    /// with their labels. Batches are normalized as they are used (<see cref="TrainAugmenter"/>, <see cref="Evaluator"/>).</summary>
    private (Tensor X, Tensor Y) ToDevice(CifarSplit split, int limit)
    {
        using var scope = NewDisposeScope();
        var n = limit > 0 ? Math.Min(limit, split.Count) : split.Count;
        var x = split.Images.narrow(0, 0, n).to(_device);
        var y = split.Labels.narrow(0, 0, n).to(_device);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>Splits the training pool into the images trained on and the held-out validation images
    /// (<see cref="ValidationSplit"/>); disposes the pool.</summary>
    private static (Tensor TrainX, Tensor TrainY, Tensor ValX, Tensor ValY) HoldOut(Tensor poolX, Tensor poolY, int count, int seed)
    {
        using (poolX)
        using (poolY)
        using (var scope = NewDisposeScope())
        {
            var split = ValidationSplit.Draw(poolY.cpu().data<long>().ToArray(), count, seed);
            var trainIdx = tensor(split.TrainIndices.Select(i => (long)i).ToArray(), device: poolX.device);
            var valIdx = tensor(split.ValidationIndices.Select(i => (long)i).ToArray(), device: poolX.device);
            return (poolX.index_select(0, trainIdx).MoveToOuterDisposeScope(), poolY.index_select(0, trainIdx).MoveToOuterDisposeScope(),
                poolX.index_select(0, valIdx).MoveToOuterDisposeScope(), poolY.index_select(0, valIdx).MoveToOuterDisposeScope());
        }
    }

    private string DeviceName() => _device.type == DeviceType.CUDA ? $"cuda:{_device.index}" : "cpu";

    private void Report(TrainingEvent e) => _progress?.Report(e);

    public void Dispose()
    {
        _augmenter.Dispose();
        _averager?.Dispose();
        _step.Dispose();
        _model.Dispose();
        _trainX.Dispose();
        _trainY.Dispose();
        _testX.Dispose();
        _testY.Dispose();
        _valX?.Dispose();
        _valY?.Dispose();
        _generator.Dispose();
    }
}

using CifarLab.Training.Checkpoints;
using CifarLab.Training.Data;
using CifarLab.Training.Evaluation;
using CifarLab.Training.Training;
using CifarLab.Training.Tests.TestSupport;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Engine;

public sealed class CheckpointTests(SyntheticData data) : IClassFixture<SyntheticData>
{
    private static RunConfig Config => new()
    {
        Model = "tutorial-cnn", Norm = NormKind.Batch, Epochs = 3, BatchSize = 50, LearningRate = 0.05,
        CropPadding = 2, Flip = FlipMode.Random, Seed = 3, TrainLimit = 400, TestLimit = 100,
    };

    [Fact]
    public void Interrupted_run_resumes_to_the_same_weights_as_an_uninterrupted_one()
    {
        using var ds = data.Load();
        var (straight, straightDir, resumed, resumedDir) = RunStraightAndResumed(Config, ds);
        Assert.Equal(3, resumed.Epochs.Count);
        Assert.Equal(straight.TestAccuracy, resumed.TestAccuracy);
        Assert.Equal(straight.Epochs[^1].TrainLoss, resumed.Epochs[^1].TrainLoss, 5);

        using var scope = NewDisposeScope();
        var (a, _) = CheckpointLoader.Load(straightDir, CPU);
        var (b, _) = CheckpointLoader.Load(resumedDir, CPU);
        using (a)
        using (b)
        {
            var x = CifarStats.Normalize(ds.Test.Images.narrow(0, 0, 16), CPU);
            Assert.True(a.call(x).allclose(b.call(x), rtol: 1e-4, atol: 1e-5), "resumed weights differ from the uninterrupted run");
        }
    }

    [Fact]
    public void Muon_run_resumes_with_its_momentum_to_identical_numbers()
    {
        // Muon for the conv filters, Nesterov SGD for the head and BN parameters: both optimizers' buffers go through
        // one optimizer.bin. Without Muon's momentum the epoch-3 losses and the weights would differ.
        var config = Config with { Optimizer = OptimizerKind.Muon, MuonLearningRate = 0.05, MuonMomentum = 0.6, Momentum = 0.85 };
        using var ds = data.Load();
        var (straight, straightDir, resumed, resumedDir) = RunStraightAndResumed(config, ds);
        Assert.Equal(straight.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(straight.TestAccuracy, resumed.TestAccuracy);
        Assert.Equal(straight.Test.Loss, resumed.Test.Loss);

        using var scope = NewDisposeScope();
        var (a, _) = CheckpointLoader.Load(straightDir, CPU);
        var (b, _) = CheckpointLoader.Load(resumedDir, CPU);
        using (a)
        using (b)
        {
            var sa = a.state_dict();
            var sb = b.state_dict();
            Assert.All(sa, kv => Assert.True(TensorAssert.Same(kv.Value, sb[kv.Key]), $"{kv.Key} differs after resuming"));
        }
    }

    [Fact]
    public void A_bfloat16_cpu_run_with_channels_last_resumes_exactly_and_its_checkpoint_loads_for_evaluation()
    {
        // On CPUs without native bfloat16 the run stays float32 (HalfPrecision); the checks hold either way.
        var config = Config with { Precision = PrecisionKind.BFloat16, ChannelsLast = true, Optimizer = OptimizerKind.Muon, MuonLearningRate = 0.05 };
        using var ds = data.Load();
        var (straight, straightDir, resumed, _) = RunStraightAndResumed(config, ds);
        Assert.Equal(straight.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(straight.TestAccuracy, resumed.TestAccuracy);

        using var scope = NewDisposeScope();
        var (model, loaded) = CheckpointLoader.Load(straightDir, CPU);
        using (model)
        {
            Assert.Equal(PrecisionKind.BFloat16, loaded.Precision);
            Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
            var x = CifarStats.Normalize(ds.Test.Images.narrow(0, 0, 100), CPU);
            var eval = Evaluator.Evaluate(model, x, ds.Test.Labels.narrow(0, 0, 100), TtaMode.None, channelsLast: true);
            // float32 evaluation of bfloat16-trained weights: close to, not exactly, what training reported.
            Assert.InRange(eval.Accuracy, straight.TestAccuracy - 0.1, straight.TestAccuracy + 0.1);
        }
    }

    /// <summary>Trains <paramref name="config"/> straight through, and again stopped during epoch 2 (after epoch 1's
    /// checkpoint) and resumed.</summary>
    private (TrainingResult Straight, string StraightDir, TrainingResult Resumed, string ResumedDir) RunStraightAndResumed(RunConfig config, CifarDataset ds)
    {
        var straightDir = data.NewDirectory("straight");
        var straight = new Trainer().Run(config, ds, new TrainerRunOptions { CheckpointDirectory = straightDir });

        var resumedDir = data.NewDirectory("resumed");
        using (var cts = new CancellationTokenSource())
        {
            var progress = new SyncProgress(e =>
            {
                if (e is StepProgress { Epoch: 2 })
                {
                    cts.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => new Trainer().Run(config, ds,
                new TrainerRunOptions { CheckpointDirectory = resumedDir, ProgressInterval = TimeSpan.Zero }, progress, cts.Token));
        }
        var point = new CheckpointStore(resumedDir).FindLatest();
        Assert.NotNull(point);
        Assert.Equal(1, point.State.EpochsCompleted);

        var resumed = new Trainer().Run(config, ds, new TrainerRunOptions { CheckpointDirectory = resumedDir, Resume = true });
        return (straight, straightDir, resumed, resumedDir);
    }

    [Fact]
    public void Saved_checkpoint_and_export_score_exactly_what_training_reported()
    {
        using var ds = data.Load();
        var dir = data.NewDirectory("final");
        var result = new Trainer().Run(Config with { Tta = TtaMode.Flip }, ds, new TrainerRunOptions { CheckpointDirectory = dir });
        Assert.True(File.Exists(result.CheckpointPath));
        Assert.True(File.Exists(result.ExportPath));
        Assert.True(File.Exists(Path.Combine(dir, CheckpointStore.ConfigFile)));
        Assert.True(File.Exists(Path.Combine(dir, CheckpointStore.ResultFile)));

        using var scope = NewDisposeScope();
        var x = CifarStats.Normalize(ds.Test.Images.narrow(0, 0, 100), CPU);
        var y = ds.Test.Labels.narrow(0, 0, 100);
        foreach (var path in new[] { dir, result.CheckpointPath!, result.ExportPath! })
        {
            var (model, config) = CheckpointLoader.Load(path, CPU);
            using (model)
            {
                Assert.Equal("tutorial-cnn", config.Model);
                var eval = Evaluator.Evaluate(model, x, y, TtaMode.Flip);
                Assert.Equal(result.TestAccuracy, eval.Accuracy);
            }
        }
    }

    [Fact]
    public void Safetensors_round_trip_keeps_names_shapes_dtypes_and_values()
    {
        var path = Path.Combine(data.NewDirectory("st"), "t.safetensors");
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.weight"] = randn(3, 4),
            ["b.count"] = tensor(new long[] { 7 }),
            ["c.half"] = randn(5).to_type(ScalarType.Float16),
            ["d.empty"] = zeros(0, 3),
        };
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["k"] = "v" });

        var bytes = File.ReadAllBytes(path);
        var headerLen = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, (8 + headerLen) % 8);
        var (back, meta) = SafeTensors.Read(path);
        Assert.Equal("v", meta["k"]);
        Assert.Equal(tensors.Keys.Order(), back.Keys.Order());
        foreach (var (k, v) in tensors)
        {
            Assert.Equal(v.dtype, back[k].dtype);
            Assert.Equal(v.shape, back[k].shape);
            Assert.True(v.eq(back[k]).all().item<bool>(), k);
            back[k].Dispose();
        }
    }

    [Fact]
    public void Corrupt_or_foreign_files_give_clear_errors()
    {
        var dir = data.NewDirectory("bad");
        var junk = Path.Combine(dir, "model.safetensors");
        File.WriteAllBytes(junk, [1, 2, 3]);
        var ex = Assert.Throws<InvalidDataException>(() => CheckpointLoader.Load(junk, CPU));
        Assert.Contains("not a safetensors file", ex.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<FileNotFoundException>(() => CheckpointLoader.Load(Path.Combine(dir, "nope"), CPU));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        var noConfig = Path.Combine(dir, "model.bin");
        File.WriteAllBytes(noConfig, [0]);
        var nc = Assert.Throws<FileNotFoundException>(() => CheckpointLoader.Load(noConfig, CPU));
        Assert.Contains("config.json", nc.Message, StringComparison.Ordinal);
    }
}

using CifarLab.Training.Checkpoints;
using CifarLab.Training.Models;
using CifarLab.Training.Training;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Engine;

/// <summary>When numbers go NaN/inf the run stops and says what went non-finite first, and two runs never share randomness.</summary>
public sealed class NonFiniteTests(SyntheticData data) : IClassFixture<SyntheticData>
{
    private static RunConfig Small => new()
    {
        Model = "tutorial-cnn", Norm = NormKind.Batch, Epochs = 2, BatchSize = 50, LearningRate = 0.05,
        CropPadding = 0, Flip = FlipMode.None, Seed = 5, TrainLimit = 300, TestLimit = 100,
    };

    [Fact]
    public void The_probe_names_a_non_finite_weight()
    {
        using var model = ModelCatalog.Get("tutorial-cnn").Create(new ModelOptions { Norm = NormKind.Batch });
        Assert.Null(NonFiniteProbe.FirstNonFiniteState(model));
        var (name, weight) = model.named_parameters().Skip(2).First();
        using (no_grad())
        {
            weight.view(-1)[0] = float.NaN;
        }
        var found = NonFiniteProbe.FirstNonFiniteState(model);
        Assert.NotNull(found);
        Assert.Contains($"'{name}'", found, StringComparison.Ordinal);
        Assert.Contains("1 of", found, StringComparison.Ordinal);
    }

    [Fact]
    public void The_probe_names_the_first_layer_whose_output_overflows()
    {
        using var model = ModelCatalog.Get("tutorial-cnn").Create(new ModelOptions { Norm = NormKind.None });
        model.eval();
        var (name, module) = model.named_modules().First(m => m.module is TorchSharp.Modules.Conv2d);
        using (no_grad())
        {
            ((TorchSharp.Modules.Conv2d)module).weight!.fill_(3e38f); // finite weights, infinite products
        }
        using var x = ones(4, 3, 32, 32);
        Assert.Null(NonFiniteProbe.FirstNonFiniteState(model));
        Assert.Equal($"layer '{name}' (Conv2d)", NonFiniteProbe.FirstNonFiniteLayer(model, x));
        using var clean = ModelCatalog.Get("tutorial-cnn").Create(new ModelOptions { Norm = NormKind.None });
        Assert.Null(NonFiniteProbe.FirstNonFiniteLayer(clean, x));
    }

    [Fact]
    public void A_diverging_run_names_what_went_non_finite_first()
    {
        using var ds = data.Load();
        var config = Small with
        {
            Norm = NormKind.None, Loss = LossReduction.Sum, LearningRate = 100, Schedule = ScheduleKind.Constant,
            WarmupFraction = 0, Epochs = 5,
        };
        var ex = Assert.Throws<TrainingDivergedException>(() => new Trainer().Run(config, ds));
        Assert.NotNull(ex.Cause);
        Assert.Contains("First non-finite: " + ex.Cause, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"(step {ex.Step})", ex.Message, StringComparison.Ordinal);
        Assert.Contains("learning rate was 100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_from_non_finite_weights_fails_before_the_first_step_and_names_them()
    {
        using var ds = data.Load();
        var dir = data.NewDirectory("nan-resume");
        using (var cts = new CancellationTokenSource())
        {
            var progress = new SyncProgress(e =>
            {
                if (e is CheckpointSaved)
                {
                    cts.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => new Trainer().Run(Small, ds,
                new TrainerRunOptions { CheckpointDirectory = dir }, progress, cts.Token));
        }
        var point = new CheckpointStore(dir).FindLatest();
        Assert.NotNull(point);
        var modelFile = Path.Combine(point.Directory, CheckpointStore.ModelFile);
        using (var model = ModelCatalog.Get(Small.Model).Create(new ModelOptions { Norm = Small.Norm }))
        {
            model.load(modelFile);
            using (no_grad())
            {
                model.parameters().First().fill_(float.PositiveInfinity);
            }
            model.save(modelFile);
        }
        var events = new List<TrainingEvent>();
        var ex = Assert.Throws<TrainingDivergedException>(() => new Trainer().Run(Small, ds,
            new TrainerRunOptions { CheckpointDirectory = dir, Resume = true }, new SyncProgress(events)));
        Assert.StartsWith("Training cannot start: the initial weights are not finite: '", ex.Message, StringComparison.Ordinal);
        Assert.Empty(events.OfType<StepProgress>());
    }

    [Fact]
    public void Dropout_masks_are_the_runs_own_so_a_run_beside_another_is_unchanged()
    {
        using var ds = data.Load();
        var config = Small with { Dropout = 0.5, Epochs = 2 };
        var alone = new Trainer().Run(config, ds);
        var results = new TrainingResult?[2];
        var threads = new[]
        {
            new Thread(() => results[0] = new Trainer().Run(config, ds)),
            new Thread(() => results[1] = new Trainer().Run(config with { Seed = 99 }, ds)),
        };
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.Equal(alone.Epochs.Select(e => e.TrainLoss), results[0]!.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(alone.Test.Loss, results[0]!.Test.Loss);
        Assert.NotEqual(alone.Test.Loss, results[1]!.Test.Loss);
    }
}

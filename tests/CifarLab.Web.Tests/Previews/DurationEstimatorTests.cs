using CifarLab.Web.Lab;

namespace CifarLab.Web.Tests.Previews;

/// <summary>The duration shown before launch, from measured speeds here or, without them, from the model's cost.</summary>
public sealed class DurationEstimatorTests
{
    // The whole training set, 50 000 images in batches of 500 (no dropped tail): 10 epochs = 500 000 images.
    private static readonly RunConfig Airbench = new() { Model = "airbench94", BatchSize = 500, Epochs = 10 };

    private static SpeedSample Cpu(double imagesPerSecond, string model = "airbench94", int batch = 500, PrecisionKind precision = PrecisionKind.Float32, double width = 1) =>
        new(model, width, batch, "cpu", precision, imagesPerSecond);

    [Fact]
    public void Finished_runs_of_the_same_model_batch_and_device_give_their_median_speed()
    {
        var history = new[] { Cpu(600), Cpu(700), Cpu(800), Cpu(50_000) with { Device = "cuda" } };

        var e = DurationEstimator.Estimate(Airbench, "cpu", history)!;

        Assert.Equal(500_000 / 700.0, e.Seconds, 6);
        Assert.Equal("about 12 min on cpu (from 3 finished runs of airbench94 here)", e.Summary);
        Assert.Null(e.Warning);
        Assert.True(e.Low < e.Seconds && e.Seconds < e.High);
    }

    [Fact]
    public void The_nearest_batch_size_is_used_and_named_when_none_matches()
    {
        var history = new[] { Cpu(400, batch: 128), Cpu(900, batch: 1024) };

        var e = DurationEstimator.Estimate(Airbench, "cpu", history)!;

        Assert.Equal(500_000 / 900.0, e.Seconds, 6);
        Assert.Contains("from 1 finished run of airbench94 here, nearest: batch 1024, float32, width 1", e.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_precision_comes_before_the_closest_batch()
    {
        var config = Airbench with { Precision = PrecisionKind.BFloat16 };
        var history = new[] { Cpu(700), Cpu(300, batch: 128, precision: PrecisionKind.BFloat16) };

        var e = DurationEstimator.Estimate(config, "cpu", history)!;

        Assert.Equal(500_000 / 300.0, e.Seconds, 6);
    }

    [Fact]
    public void Without_runs_of_the_model_its_cost_is_scaled_by_the_measured_rate_of_other_models()
    {
        var resnet = ModelCost.TrainFlopsPerImage("resnet20", 1)!.Value;
        var airbench = ModelCost.TrainFlopsPerImage("airbench94", 1)!.Value;
        var history = new[] { Cpu(1000, model: "resnet20") };

        var e = DurationEstimator.Estimate(Airbench, "cpu", history)!;

        Assert.Equal(500_000 * airbench / (1000 * resnet), e.Seconds, 3);
        Assert.Contains("no finished airbench94 run on cpu here", e.Basis, StringComparison.Ordinal);
        Assert.Contains("2x either way", e.Basis, StringComparison.Ordinal);
        Assert.Equal(e.Seconds / 2, e.Low, 6);
    }

    [Fact]
    public void With_nothing_measured_on_the_device_the_guess_says_how_rough_it_is()
    {
        var e = DurationEstimator.Estimate(Airbench, "cuda", [Cpu(700)])!;

        Assert.Equal(500_000 * ModelCost.TrainFlopsPerImage("airbench94", 1)!.Value / DurationEstimator.AssumedFlops("cuda"), e.Seconds, 6);
        Assert.Contains("rough guess", e.Basis, StringComparison.Ordinal);
        Assert.Contains("4x either way", e.Basis, StringComparison.Ordinal);
        Assert.StartsWith("about ", e.Summary, StringComparison.Ordinal);
        Assert.Contains(" on cuda (", e.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("airbench96", 40)]
    [InlineData("resnet18", 200)]
    public void A_GPU_recipe_at_full_data_on_the_cpu_is_warned_about_in_hours(string model, int epochs)
    {
        var config = new RunConfig { Model = model, Epochs = epochs, BatchSize = 512 };

        var e = DurationEstimator.Estimate(config, "cpu", [])!;

        Assert.True(e.Seconds > 3 * 3600, $"{e.Seconds} s");
        Assert.NotNull(e.Warning);
        Assert.Contains("it is a GPU recipe", e.Warning, StringComparison.Ordinal);
        Assert.Matches(@"about [\d.]+ (h|days)", e.Warning);
        Assert.Null(DurationEstimator.Estimate(config, "cuda", [])!.Warning);
    }

    [Fact]
    public void A_train_limit_shortens_the_estimate_and_the_dropped_tail_is_not_counted()
    {
        var e = DurationEstimator.Estimate(Airbench with { TrainLimit = 1200, Epochs = 2 }, "cpu", [Cpu(100)])!;

        Assert.Equal(2 * 1000 / 100.0, e.Seconds, 6); // 2 batches of 500 an epoch; 200 images dropped
    }

    [Theory]
    [InlineData("auto", true, "cuda")]
    [InlineData("auto", false, "cpu")]
    [InlineData("auto", null, "cpu")]
    [InlineData("cuda:1", false, "cuda")]
    [InlineData("cpu", true, "cpu")]
    public void The_device_kind_follows_the_request_and_auto_takes_a_gpu_here(string requested, bool? cuda, string expected) =>
        Assert.Equal(expected, DurationEstimator.TargetDevice(requested, cuda));
}

using System.Text.Json;
using CifarLab.Training.Tests.Engine;

namespace CifarLab.Training.Tests.Bench;

/// <summary>Each mode on a tiny model: one valid JSON line on stdout with the documented fields.</summary>
public sealed class BenchJsonTests(SyntheticData data) : IClassFixture<SyntheticData>
{
    [Fact]
    public void Throughput_reports_step_times_and_images_per_second()
    {
        using var doc = BenchRunner.RunJson("throughput", "--model", "tutorial-cnn", "--batch-size", "16", "--steps", "3", "--warmup", "1");
        var r = doc.RootElement;
        Assert.Equal("throughput", r.GetProperty("mode").GetString());
        Assert.Equal("cifarlab", r.GetProperty("framework").GetString());
        Assert.Equal("tutorial-cnn", r.GetProperty("model").GetString());
        Assert.Equal(16, r.GetProperty("batchSize").GetInt32());
        Assert.Equal(3, r.GetProperty("timedSteps").GetInt32());
        Assert.Equal(1, r.GetProperty("warmupSteps").GetInt32());
        Assert.Equal(3, r.GetProperty("stepMs").GetArrayLength());
        Assert.Equal(3, r.GetProperty("stepCpuMs").GetArrayLength());
        // tutorial-cnn with the default batch norm: 62,006 - 22 conv biases (BN shifts replace them) + 2 x 22 BN parameters.
        Assert.Equal(62_028, r.GetProperty("parameters").GetInt64());
        var median = r.GetProperty("msPerStepMedian").GetDouble();
        Assert.True(median > 0);
        Assert.Equal(16 / (median / 1000), r.GetProperty("imagesPerSecond").GetDouble(), 6);
        Assert.InRange(median, r.GetProperty("msPerStepMin").GetDouble(), r.GetProperty("msPerStepMax").GetDouble());
        Assert.True(r.GetProperty("imagesPerCpuSecond").GetDouble() > 0);
        Assert.True(double.IsFinite(r.GetProperty("finalLoss").GetDouble()));
        var env = r.GetProperty("environment");
        Assert.Equal("cpu", env.GetProperty("device").GetString());
        Assert.True(env.GetProperty("threads").GetInt32() >= 1);
        Assert.Equal("tutorial-cnn", r.GetProperty("config").GetProperty("model").GetString());
    }

    [Fact]
    public void Model_with_a_preset_of_its_name_takes_the_presets_loss_and_optimizer()
    {
        using var doc = BenchRunner.RunJson("throughput", "--model", "airbench94", "--width", "0.25", "--batch-size", "8", "--steps", "1", "--warmup", "0");
        var r = doc.RootElement;
        Assert.Equal("preset airbench94", r.GetProperty("configSource").GetString());
        Assert.Equal("sum", r.GetProperty("loss").GetString());
        Assert.Equal(0.2, r.GetProperty("labelSmoothing").GetDouble());
        Assert.Equal(8, r.GetProperty("batchSize").GetInt32());
    }

    [Fact]
    public void Memory_reports_rss_after_every_run_and_a_slope()
    {
        using var doc = BenchRunner.RunJson("memory", "--runs", "3", "--data", data.Folder, "--allow-unofficial", "--train-limit", "200", "--test-limit", "50", "--batch-size", "50");
        var r = doc.RootElement;
        Assert.Equal("memory", r.GetProperty("mode").GetString());
        Assert.Equal(3, r.GetProperty("runs").GetInt32());
        Assert.Equal(3, r.GetProperty("rssAfterRunMiB").GetArrayLength());
        Assert.Equal(3, r.GetProperty("peakRssPerRunMiB").GetArrayLength());
        Assert.Equal(3, r.GetProperty("liveTensorsAfterRun").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, r.GetProperty("slopeMiBPerRun").ValueKind);
        Assert.Equal(1.0, r.GetProperty("maxSlopeMiBPerRun").GetDouble());
        Assert.Contains(r.GetProperty("grows").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        if (OperatingSystem.IsLinux())
        {
            Assert.All(r.GetProperty("rssAfterRunMiB").EnumerateArray(), v => Assert.True(v.GetDouble() > 10));
        }
        Assert.Equal(200, r.GetProperty("config").GetProperty("trainLimit").GetInt32());
    }

    [Fact]
    public void Epoch_compares_the_trainer_loop_with_bare_steps()
    {
        using var doc = BenchRunner.RunJson("epoch", "--model", "tutorial-cnn", "--data", data.Folder, "--allow-unofficial", "--train-limit", "200", "--test-limit", "50",
            "--batch-size", "50", "--warmup", "1");
        var r = doc.RootElement;
        Assert.Equal("epoch", r.GetProperty("mode").GetString());
        Assert.Equal(4, r.GetProperty("steps").GetInt32());
        Assert.Equal(1, r.GetProperty("epochs").GetInt32());
        foreach (var field in new[] { "trainLoopSeconds", "pureComputeSeconds", "trainLoopCpuSeconds", "pureComputeCpuSeconds", "runSeconds" })
        {
            Assert.True(r.GetProperty(field).GetDouble() > 0, field);
        }
        Assert.True(r.GetProperty("runSeconds").GetDouble() >= r.GetProperty("trainLoopSeconds").GetDouble());
        Assert.Equal(5, r.GetProperty("targetPercent").GetDouble());
        // Every Trainer step is paired with one bare step.
        Assert.Equal(4, r.GetProperty("trainerStepCpuMs").GetArrayLength());
        Assert.Equal(4, r.GetProperty("bareStepCpuMs").GetArrayLength());
    }
}

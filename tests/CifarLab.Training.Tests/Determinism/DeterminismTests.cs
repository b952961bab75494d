using System.Diagnostics;
using System.Text.Json;
using CifarLab.Training.Tests.TestSupport;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Determinism;

/// <summary>
/// A run means the same thing every time: the same config, seed and thread count give bit-identical per-epoch metrics
/// and weights, in one process or in separate ones, alone or beside another run, on an idle or a busy machine.
/// </summary>
public sealed class DeterminismTests(DeterminismFixture fx) : IClassFixture<DeterminismFixture>
{
    [SharedArchiveFact]
    public void The_2560_image_case_trains_and_repeats_bit_for_bit_idle_and_under_load()
    {
        var reference = fx.Reference;
        Assert.All(reference.Epochs, e => Assert.DoesNotContain("NaN", e, StringComparison.Ordinal));
        Assert.True(double.IsFinite(reference.TestLoss), reference.ToString());
        Assert.True(reference.TestAccuracy > 0.12, $"one epoch on 2,560 images should beat chance: {reference}");

        Assert.Equal(reference, fx.Train(DeterminismFixture.Config));
        using (CpuLoad.Start(threads: 2))
        {
            Assert.Equal(reference, fx.Train(DeterminismFixture.Config));
        }
    }

    [SharedArchiveFact]
    public void Two_runs_at_once_in_one_process_match_a_run_alone()
    {
        var reference = fx.Reference;
        var results = new RunFingerprint?[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() => results[i] = fx.Train(DeterminismFixture.Config))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(reference, results[0]);
        Assert.Equal(reference, results[1]);
    }

    [SharedArchiveFact]
    public void Separate_processes_match_each_other_and_the_in_process_run()
    {
        var reference = fx.Reference;
        var dirs = new[] { fx.NewOutputDirectory(), fx.NewOutputDirectory() };
        // Started together: two processes competing for the cores is the busy case too.
        var runs = dirs.Select(dir => StartCli("train", "--model", "airbench94", "--epochs", "1", "--batch-size", "256",
            "--train-limit", "2560", "--test-limit", "500", "--data", fx.Cifar.Folder, "--output", dir, "--json")).ToList();
        foreach (var (process, dir) in runs.Zip(dirs))
        {
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"cifarlab exited {process.ExitCode}: {stderr}");
            using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            Assert.Equal(reference.TestLoss, json.RootElement.GetProperty("testLoss").GetDouble());
            Assert.Equal(reference.TestAccuracy, json.RootElement.GetProperty("testAccuracy").GetDouble());
            Assert.Equal(reference.WeightsSha256, RunFingerprint.WeightsHash(dir));
            process.Dispose();
        }
    }

    [SharedArchiveFact]
    public void Another_thread_count_trains_within_floating_point_reduction_noise()
    {
        var reference = fx.Reference;
        var oneThread = fx.Train(DeterminismFixture.Config, cpuThreads: 1);
        // Reductions split across threads add in another order: the last bits differ, nothing more (docs/BENCHMARKS.md).
        Assert.InRange(Math.Abs(oneThread.TestLoss - reference.TestLoss), 0, 1e-3 * reference.TestLoss);
        Assert.InRange(Math.Abs(oneThread.TestAccuracy - reference.TestAccuracy), 0, 0.01);
    }

    [SharedArchiveFact]
    public void The_airbench94_preset_repeats_bit_for_bit()
    {
        // Lookahead, the whitening-bias freeze, alternating flips and flip-translate TTA all take part here.
        var config = Presets.Get("airbench94").Config with { Epochs = 1, TrainLimit = 5120, TestLimit = DeterminismFixture.TestImages };
        var first = fx.Train(config);
        Assert.True(double.IsFinite(first.TestLoss), first.ToString());
        Assert.Equal(first, fx.Train(config));
    }

    private static Process StartCli(params string[] args) =>
        Process.Start(Cli.CliRunner.StartInfo(args)) ?? throw new InvalidOperationException("could not start cifarlab");
}

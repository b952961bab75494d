using System.Text.Json;
using CifarLab.Cli.Commands;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Cli;

/// <summary>The CLI's JSON and the run files write NaN/inf as null instead of crashing (issue 18).</summary>
public sealed class NonFiniteJsonTests
{
    [Fact]
    public void The_cli_summary_writes_non_finite_numbers_as_null()
    {
        var json = JsonSerializer.Serialize(new { testLoss = double.NaN, up = double.PositiveInfinity, down = (double?)double.NegativeInfinity, ok = 0.5 },
            TrainCommand.JsonOptions);
        Assert.Equal("""{"testLoss":null,"up":null,"down":null,"ok":0.5}""", json);
    }

    [Fact]
    public void Run_files_write_non_finite_scores_as_null_and_read_them_back_as_null()
    {
        var epoch = new EpochMetrics(1, 2.3, 0.1, double.NaN, double.PositiveInfinity, 0.05, 1.5, 100);
        var json = JsonSerializer.Serialize(epoch, RunConfig.Json);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<EpochMetrics>(json, RunConfig.Json)!;
        Assert.Null(back.TestLoss);
        Assert.Null(back.TestAccuracy);
        Assert.Equal(2.3, back.TrainLoss);
    }

    [Fact]
    public void A_missing_number_in_a_config_is_still_an_error()
    {
        var ex = Assert.ThrowsAny<JsonException>(() => RunConfig.FromJson("""{"learningRate": null}"""));
        Assert.Contains("learningRate", ex.Path ?? ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}

using System.Text.Json;
using CifarLab.Cli;
using CifarLab.Cli.Commands;
using CifarLab.Training.Tests.Engine;

namespace CifarLab.Training.Tests.Cli;

/// <summary>`--validation-images` (from the schema) and `--early-stop` on the command line; the JSON summary reports
/// the validation score next to the test score.</summary>
public sealed class ValidationSplitCliTests(SyntheticData data) : IClassFixture<SyntheticData>
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, new CliContext(o, e, Interactive: false, CancellationToken.None));
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void The_json_summary_carries_the_validation_accuracy_and_the_test_set_is_scored_once()
    {
        var (code, stdout, stderr) = Run("train", "--model", "tutorial-cnn", "--norm", "batch", "--epochs", "2", "--batch-size", "50",
            "--lr", "0.05", "--train-limit", "300", "--test-limit", "100", "--validation-images", "100",
            "--data", data.Folder, "--allow-unofficial", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var root = doc.RootElement;
        Assert.InRange(root.GetProperty("validationAccuracy").GetDouble(), 0, 1);
        Assert.InRange(root.GetProperty("testAccuracy").GetDouble(), 0, 1);
        Assert.False(root.GetProperty("stoppedEarly").GetBoolean());
        var history = root.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("testAccuracy").ValueKind);
        Assert.Equal(JsonValueKind.Number, history[0].GetProperty("validationAccuracy").ValueKind);
        Assert.Contains("validation accuracy", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Early_stopping_without_a_split_is_a_usage_error_that_says_what_to_set()
    {
        var (code, _, err) = Run("train", "--early-stop", "3", "--data", data.Folder, "--dry-run");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("set ValidationImages", err, StringComparison.Ordinal);
    }
}

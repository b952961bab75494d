using CifarLab.Cli.Commands;

namespace CifarLab.Training.Tests.Bench;

public sealed class BenchOptionTests
{
    [Theory]
    [InlineData(new[] { "sprint" }, "unknown bench mode 'sprint'. Modes: throughput, epoch, memory, export-check")]
    [InlineData(new[] { "throughput", "--steps", "0" }, "--steps: 0 is out of range (allowed 1..100000)")]
    [InlineData(new[] { "throughput", "--steps", "many" }, "--steps: 'many' is not a whole number")]
    [InlineData(new[] { "throughput", "--warmup", "0.2" }, "--warmup: '0.2' is not a whole number")]
    [InlineData(new[] { "throughput", "--warmup", "-1" }, "--warmup: -1 is out of range (allowed 0..10000)")]
    [InlineData(new[] { "throughput", "--model", "lenet9000" }, "--model: unknown model 'lenet9000'. Allowed:")]
    [InlineData(new[] { "throughput", "--preset", "fastest" }, "--preset: unknown preset 'fastest'. Allowed: quick")]
    [InlineData(new[] { "throughput", "--batch-size", "0" }, "--batch-size: must be at least 1 and at most 4096 (got 0)")]
    [InlineData(new[] { "throughput", "--threads", "0" }, "--threads: 0 is out of range (allowed 1..1024)")]
    [InlineData(new[] { "throughput", "--runs", "3" }, "unknown option '--runs'")]
    [InlineData(new[] { "throughput", "--steps" }, "--steps needs a value")]
    [InlineData(new[] { "memory", "--runs", "1" }, "--runs: 1 is out of range (allowed 2..10000)")]
    [InlineData(new[] { "memory", "--max-slope-mib", "flat" }, "--max-slope-mib: 'flat' is not a number")]
    [InlineData(new[] { "epoch", "--steps", "5" }, "unknown option '--steps'")]
    [InlineData(new[] { "export-check" }, "--export PATH is required")]
    [InlineData(new[] { "export-check", "--model", "resnet9" }, "unknown option '--model'")]
    public void Bad_options_are_usage_errors_that_name_the_option(string[] args, string expected)
    {
        var (code, stdout, stderr) = BenchRunner.Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Missing_export_file_is_an_error_naming_the_path()
    {
        var (code, _, stderr) = BenchRunner.Run("export-check", "--export", "/no/such/model.safetensors");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("/no/such/model.safetensors", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_mode()
    {
        var (code, stdout, _) = BenchRunner.Run("--help");
        Assert.Equal(ExitCodes.Ok, code);
        foreach (var mode in new[] { "throughput", "epoch", "memory", "export-check" })
        {
            Assert.Contains(mode, stdout, StringComparison.Ordinal);
        }
    }
}

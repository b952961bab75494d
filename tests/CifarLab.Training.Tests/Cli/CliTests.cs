using System.Text.Json;
using CifarLab.Cli;
using CifarLab.Cli.Commands;
using CifarLab.Training.Tests.Engine;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Cli;

public sealed class CliTests(SyntheticData data) : IClassFixture<SyntheticData>
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, new CliContext(o, e, Interactive: false, CancellationToken.None));
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs: must be at least 1 and at most 1000 (got 0)")]
    [InlineData("--epochs", "ten", "--epochs: 'ten' is not a whole number; allowed: 1 to 1000")]
    [InlineData("--batch-size", "99999", "--batch-size: must be at least 1 and at most 4096 (got 99999)")]
    [InlineData("--lr", "-0.1", "--lr: must be greater than 0")]
    [InlineData("--flip", "sideways", "--flip: 'sideways' is not allowed; allowed: none, random, alternating")]
    [InlineData("--model", "lenet9000", "--model: unknown model 'lenet9000'. Allowed:")]
    [InlineData("--preset", "fastest", "--preset: unknown preset 'fastest'. Allowed: quick")]
    public void Invalid_option_names_the_option_and_the_allowed_range(string option, string value, string expected)
    {
        var (code, _, err) = Run("train", option, value, "--data", data.Folder);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_and_missing_value_are_usage_errors()
    {
        var (code, _, err) = Run("train", "--epoch", "3");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown option '--epoch'. Did you mean --epochs", err, StringComparison.Ordinal);
        (code, _, err) = Run("train", "--epochs");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--epochs needs a value", err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, Run("fly").Code);
    }

    [Fact]
    public void Train_with_json_prints_one_parsable_summary_line_and_eval_reproduces_it()
    {
        var output = data.NewDirectory("cli-run");
        var (code, stdout, stderr) = Run("train", "--model", "tutorial-cnn", "--norm", "batch", "--epochs", "2", "--batch-size", "50",
            "--lr", "0.05", "--data", data.Folder, "--allow-unofficial", "--output", output, "--json");
        Assert.True(code == 0, stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var acc = root.GetProperty("testAccuracy").GetDouble();
        Assert.InRange(acc, 0, 1);
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.True(root.GetProperty("trainSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("imagesPerSecond").GetDouble() > 0);
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        // Generated data: allowed by the flag, and the result says so, in the summary and in result.json.
        Assert.False(root.GetProperty("officialData").GetBoolean());
        Assert.Equal("unofficial data", root.GetProperty("dataset").GetProperty("label").GetString());
        Assert.Contains("UNOFFICIAL DATA", stderr, StringComparison.Ordinal);
        using (var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json"))))
        {
            var dataset = saved.RootElement.EnumerateObject().Single(p => p.Name.Equals("dataset", StringComparison.OrdinalIgnoreCase)).Value;
            Assert.False(dataset.EnumerateObject().Single(p => p.Name.Equals("official", StringComparison.OrdinalIgnoreCase)).Value.GetBoolean());
        }
        var checkpoint = root.GetProperty("checkpoint").GetString();
        Assert.True(File.Exists(checkpoint));
        Assert.Contains("epoch  train loss", stderr, StringComparison.Ordinal);

        var (evalCode, evalOut, evalErr) = Run("eval", "--checkpoint", output, "--data", data.Folder, "--allow-unofficial", "--json");
        Assert.True(evalCode == 0, evalErr);
        using var evalDoc = JsonDocument.Parse(evalOut.Trim());
        Assert.Equal(acc, evalDoc.RootElement.GetProperty("testAccuracy").GetDouble());
        Assert.False(evalDoc.RootElement.GetProperty("officialData").GetBoolean());
    }

    [Fact]
    public void Unofficial_data_without_the_flag_is_a_data_error_naming_the_file_and_the_setting()
    {
        var (code, _, err) = Run("train", "--preset", "quick", "--data", data.Folder);
        Assert.Equal(ExitCodes.Data, code);
        Assert.Contains("Checksum mismatch", err, StringComparison.Ordinal);
        Assert.Contains("data_batch_1.bin", err, StringComparison.Ordinal);
        Assert.Contains(CifarLab.Training.Data.OfficialChecksums.BatchSha256["data_batch_1.bin"], err, StringComparison.Ordinal);
        Assert.Contains("--allow-unofficial", err, StringComparison.Ordinal);

        var (doctor, stdout, _) = Run("doctor", "--data", data.Folder);
        Assert.Equal(ExitCodes.Data, doctor);
        Assert.Contains("dataset         Invalid: Checksum mismatch", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_lists_the_whole_catalog_with_parameter_counts()
    {
        var (code, stdout, _) = Run("models", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var names = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Equal(["tutorial-cnn", "resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "alexnet", "vgg", "vgg13", "vgg16", "vgg19", "resnet9", "resnet18", "airbench94", "airbench94-muon", "airbench96"], names);
        Assert.All(doc.RootElement.EnumerateArray(), e => Assert.True(e.GetProperty("parameters").GetInt64() > 50_000));
    }

    [Fact]
    public void Doctor_reports_backend_and_dataset()
    {
        var (code, stdout, _) = Run("doctor", "--data", data.Folder, "--allow-unofficial");
        Assert.Equal(0, code);
        Assert.Contains("libtorch        2.", stdout, StringComparison.Ordinal);
        Assert.Contains("dataset         Ready", stdout, StringComparison.Ordinal);
        Assert.Contains("data          unofficial data", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Dry_run_prints_the_resolved_config_that_config_reads_back_and_trains_nothing()
    {
        var dir = Path.Combine(data.Root, "dry-run-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, _) = Run("train", "--preset", "resnet9", "--epochs", "3", "--precision", "float32",
            "--output", dir, "--dry-run");
        Assert.Equal(ExitCodes.Ok, code);
        var config = RunConfig.FromJson(stdout);
        Assert.Equal(Presets.Get("resnet9").Config with { Epochs = 3, Precision = PrecisionKind.Float32 }, config);
        Assert.False(Directory.Exists(dir));

        var file = Path.Combine(data.Root, "dry-run-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, stdout);
        var (again, stdoutAgain, _) = Run("train", "--config", file, "--dry-run");
        Assert.Equal(ExitCodes.Ok, again);
        Assert.Equal(config, RunConfig.FromJson(stdoutAgain));
    }

    [Theory]
    [InlineData("OneCycle", "one-cycle")]
    [InlineData("FlipTranslate", "flip-translate")]
    [InlineData("BFloat16", "bfloat16")]
    [InlineData("AdamW", "adamw")]
    [InlineData("Float32", "float32")]
    public void Enum_values_are_spelled_as_users_write_them(string name, string expected)
    {
        Assert.Equal(expected, ChoiceOption.Kebab(name));
    }

    [Fact]
    public void Help_and_errors_offer_the_spellings_the_parser_accepts()
    {
        var (_, help, _) = Run("train", "--help");
        Assert.Contains("(float32, float16, bfloat16)", help, StringComparison.Ordinal);
        Assert.Contains("(sgd, adamw, muon)", help, StringComparison.Ordinal);
        Assert.Contains("(constant, step, cosine, one-cycle, linear-decay, multi-step, exponential, warm-restarts)", help, StringComparison.Ordinal);
        var (code, _, err) = Run("train", "--precision", "bf16", "--dry-run");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--precision: 'bf16' is not allowed; allowed: float32, float16, bfloat16.", err, StringComparison.Ordinal);
        var (ok, stdout, _) = Run("train", "--precision", "bfloat16", "--optimizer", "adamw", "--schedule", "one-cycle", "--dry-run");
        Assert.Equal(ExitCodes.Ok, ok);
        var config = RunConfig.FromJson(stdout);
        Assert.Equal((PrecisionKind.BFloat16, OptimizerKind.AdamW), (config.Precision, config.Optimizer));
    }

    [Fact]
    public void Muon_options_and_channels_last_reach_the_config()
    {
        var (code, stdout, _) = Run("train", "--preset", "airbench94-muon", "--muon-lr", "0.3", "--muon-momentum", "0.5",
            "--channels-last=false", "--precision", "bfloat16", "--dry-run");
        Assert.Equal(ExitCodes.Ok, code);
        var config = RunConfig.FromJson(stdout);
        Assert.Equal(Presets.Get("airbench94-muon").Config with
        {
            MuonLearningRate = 0.3, MuonMomentum = 0.5, ChannelsLast = false, Precision = PrecisionKind.BFloat16,
        }, config);
    }

    [Fact]
    public void A_diverging_run_exits_1_with_advice()
    {
        var (code, _, err) = Run("train", "--model", "tutorial-cnn", "--norm", "none", "--loss", "sum", "--lr", "100",
            "--schedule", "constant", "--warmup", "0", "--epochs", "3", "--train-limit", "500", "--test-limit", "100",
            "--data", data.Folder, "--allow-unofficial");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: Training diverged in epoch 1", err, StringComparison.Ordinal);
        Assert.Contains("Try a lower learning rate", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_dataset_is_a_data_error_naming_the_path()
    {
        var missing = Path.Combine(data.Root, "no-such-archive.tar.gz");
        var (code, _, err) = Run("train", "--preset", "quick", "--data", missing);
        Assert.Equal(ExitCodes.Data, code);
        Assert.Contains("no-such-archive.tar.gz", err, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using CifarLab.Cli;
using CifarLab.Cli.Bench;
using CifarLab.Cli.Commands;
using CifarLab.Training.Tests.Engine;
using TorchSharp;

namespace CifarLab.Training.Tests.Bench;

public sealed class ExportCheckTests(SyntheticData data) : IClassFixture<SyntheticData>
{
    [Fact]
    public void Fixed_input_follows_the_documented_hash()
    {
        // Element i = ((i * 2654435761) mod 2^32) / 2^32 * 4 - 2, the formula pytorch_ref.py uses too.
        Assert.Equal(-2f, FixedInput.Value(0));
        Assert.Equal((float)(2654435761.0 / 4294967296.0 * 4 - 2), FixedInput.Value(1));
        Assert.Equal((float)(((3 * 2654435761UL) % 4294967296UL) / 4294967296.0 * 4 - 2), FixedInput.Value(3));
        using var x = FixedInput.Create();
        Assert.Equal([4L, 3, 32, 32], x.shape);
        Assert.Equal(FixedInput.Value(5), x.flatten()[5].ToSingle());
        Assert.InRange(x.min().ToSingle(), -2f, 2f);
        Assert.InRange(x.max().ToSingle(), -2f, 2f);
    }

    [Fact]
    public void Logits_compared_with_an_identical_reference_agree_and_with_a_shifted_one_do_not()
    {
        var run = data.NewDirectory("export");
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(["train", "--model", "tutorial-cnn", "--epochs", "1", "--batch-size", "50", "--data", data.Folder, "--allow-unofficial", "--output", run],
            new CliContext(o, e, Interactive: false, CancellationToken.None));
        Assert.True(code == 0, e.ToString());
        var export = Path.Combine(run, "model.safetensors");

        using var own = BenchRunner.RunJson("export-check", "--export", export);
        var logits = own.RootElement.GetProperty("logits");
        Assert.Equal(4, logits.GetArrayLength());
        Assert.Equal(10, logits[0].GetArrayLength());
        Assert.Equal(JsonValueKind.Null, own.RootElement.GetProperty("maxAbsDiff").ValueKind);

        var same = Path.Combine(run, "same.json");
        File.WriteAllText(same, JsonSerializer.Serialize(new { logits }));
        using var ok = BenchRunner.RunJson("export-check", "--export", export, "--reference", same);
        Assert.Equal(0, ok.RootElement.GetProperty("maxAbsDiff").GetDouble());
        Assert.True(ok.RootElement.GetProperty("ok").GetBoolean());

        var shifted = Path.Combine(run, "shifted.json");
        var moved = logits.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble() + 0.01).ToArray()).ToArray();
        File.WriteAllText(shifted, JsonSerializer.Serialize(new { logits = moved }));
        using var bad = BenchRunner.RunJson("export-check", "--export", export, "--reference", shifted);
        Assert.Equal(0.01, bad.RootElement.GetProperty("maxAbsDiff").GetDouble(), 5);
        Assert.False(bad.RootElement.GetProperty("ok").GetBoolean());
    }
}

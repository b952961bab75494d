using System.Text.Json;
using CifarLab.Cli;
using CifarLab.Cli.Commands;

namespace CifarLab.Training.Tests.Bench;

/// <summary>Runs `cifarlab bench ...` in-process with captured streams.</summary>
internal static class BenchRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(["bench", .. args], new CliContext(o, e, Interactive: false, CancellationToken.None));
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Runs a bench that must succeed and print exactly one JSON line on stdout.</summary>
    public static JsonDocument RunJson(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return JsonDocument.Parse(line);
    }
}

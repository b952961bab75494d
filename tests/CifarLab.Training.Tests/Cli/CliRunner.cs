using System.Diagnostics;
using CifarLab.Cli;
using CifarLab.Cli.Commands;

namespace CifarLab.Training.Tests.Cli;

/// <summary>Runs `cifarlab` in-process with captured streams, or as a child process with its own environment.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, new CliContext(o, e, Interactive: false, CancellationToken.None));
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>
    /// The built cifarlab.dll in a child process: <paramref name="environment"/> is added to its environment (null
    /// removes a variable), every inherited Dataset__* and Storage__* variable is removed first, so only what a test
    /// sets reaches it.
    /// </summary>
    public static (int Code, string Out, string Err) RunProcess(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = StartInfo(args);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Dataset__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase)
                     || k is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT").ToList())
        {
            info.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start cifarlab");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>How to start the built cifarlab.dll as a child process with <paramref name="args"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cifarlab.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        return info;
    }
}

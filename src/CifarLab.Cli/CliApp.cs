using CifarLab.Cli.Commands;
using CifarLab.Cli.Options;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;

namespace CifarLab.Cli;

/// <summary>Command dispatch and the one place that turns exceptions into messages and exit codes.</summary>
public static class CliApp
{
    private const string Usage = """
        usage: cifarlab <command> [options]

        commands:
          train     train a model (cifarlab train --help)
          eval      score a saved checkpoint on the test set
          models    list the architectures
          presets   list the built-in recipes
          doctor    check the native backend, device and dataset
          bench     measure train-step speed, trainer overhead and memory (cifarlab bench --help)
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(ctx);
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            ctx.Out.WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }
        var rest = args.Skip(1).ToArray();
        try
        {
            return args[0] switch
            {
                "train" => TrainCommand.Run(rest, ctx),
                "eval" => EvalCommand.Run(rest, ctx),
                "models" => CatalogCommands.Models(rest, ctx),
                "presets" => CatalogCommands.PresetList(rest, ctx),
                "doctor" => DoctorCommand.Run(rest, ctx),
                "bench" => BenchCommand.Run(rest, ctx),
                _ => throw new UsageException($"unknown command '{args[0]}'. Commands: train, eval, models, presets, doctor, bench."),
            };
        }
        catch (UsageException ex)
        {
            ctx.Err.WriteLine($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (InvalidRunConfigException ex)
        {
            ctx.Err.WriteLine($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (NativeBackendException ex)
        {
            ctx.Err.WriteLine($"error: {ex.Message}");
            return ExitCodes.NativeBackend;
        }
        catch (CifarFormatException ex)
        {
            ctx.Err.WriteLine($"dataset error: {ex.Message}");
            return ExitCodes.Data;
        }
        catch (TrainingDivergedException ex)
        {
            ctx.Err.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            ctx.Err.WriteLine("cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            ctx.Err.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }
    }
}

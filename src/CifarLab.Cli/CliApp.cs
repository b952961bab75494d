using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using CifarLab.Cli.Commands;
using CifarLab.Cli.Options;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;
using CifarLab.Training.Training;

namespace CifarLab.Cli;

/// <summary>
/// The command tree (System.CommandLine), and the one place that turns parse errors and exceptions into messages
/// and exit codes (<see cref="ExitCodes"/>).
/// </summary>
public static class CliApp
{
    public static RootCommand Create(CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var root = new RootCommand("CifarLab: train and score CNNs on CIFAR-10. `cifarlab COMMAND --help` lists a command's options.")
        {
            TrainCommand.Create(ctx),
            EvalCommand.Create(ctx),
            CatalogCommands.ModelsCommand(ctx),
            CatalogCommands.PresetsCommand(ctx),
            DoctorCommand.Create(ctx),
            BenchCommand.Create(ctx),
        };
        // `cifarlab` alone: the commands, and a usage exit code.
        root.SetAction(args =>
        {
            new HelpAction().Invoke(args);
            return ExitCodes.Usage;
        });
        RunOptionHelp.Install(root);
        return root;
    }

    public static int Run(string[] args, CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(ctx);
        try
        {
            // No @response files (a value may start with @); Ctrl+C belongs to Program.cs, which cancels ctx.Cancel.
            var parse = Create(ctx).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Action is ParseErrorAction)
            {
                throw new UsageException(ParseErrors.Describe(parse));
            }
            return parse.Invoke(new InvocationConfiguration
            {
                Output = ctx.Out,
                Error = ctx.Err,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
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

using CifarLab.Cli;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C stops at the next step boundary (checkpoints stay intact); a second one kills.
    if (!cts.IsCancellationRequested)
    {
        e.Cancel = true;
        cts.Cancel();
        Console.Error.WriteLine("\nstopping after the current step... (Ctrl+C again to abort)");
    }
};
return CliApp.Run(args, CifarLab.Cli.Commands.CliContext.FromConsole(cts.Token));

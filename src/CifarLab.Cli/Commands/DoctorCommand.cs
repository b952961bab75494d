using System.CommandLine;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;

namespace CifarLab.Cli.Commands;

/// <summary>`cifarlab doctor`: can this machine train? Native backend, device, dataset.</summary>
public static class DoctorCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("doctor", "check the native backend, device and dataset");
        DatasetLoader.AddOptions(command);
        command.SetAction(args => Run(args, ctx));
        return command;
    }

    private static int Run(ParseResult args, CliContext ctx)
    {
        var options = DatasetLoader.Options(args);
        var report = NativeBackend.Probe();
        ctx.Out.WriteLine(report.Describe());
        var status = new DatasetManager().Probe(options);
        ctx.Out.WriteLine($"dataset         {status.State}: {status.Message}");
        ctx.Out.WriteLine($"  source        {options.Source}");
        ctx.Out.WriteLine($"  cache         {options.CacheDirectory}");
        ctx.Out.WriteLine($"  archive md5   {options.Md5 ?? "official download only"} ({DatasetOptions.Md5Setting})");
        if (status.Official is { } official)
        {
            ctx.Out.WriteLine($"  data          {(official ? DatasetProvenance.OfficialLabel : DatasetProvenance.UnofficialLabel)}");
        }
        if (!report.Ok)
        {
            return ExitCodes.NativeBackend;
        }
        return status.State == DatasetState.Invalid ? ExitCodes.Data : ExitCodes.Ok;
    }
}

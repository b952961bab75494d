using CifarLab.Cli.Options;
using CifarLab.Training.Data;
using CifarLab.Training.Environment;

namespace CifarLab.Cli.Commands;

/// <summary>`cifarlab doctor`: can this machine train? Native backend, device, dataset.</summary>
public static class DoctorCommand
{
    public static int Run(IReadOnlyList<string> argv, CliContext ctx)
    {
        var args = new ArgReader(argv, new HashSet<string> { DatasetLoader.AllowUnofficialOption }, new HashSet<string> { DatasetLoader.DataOption });
        var report = NativeBackend.Probe();
        ctx.Out.WriteLine(report.Describe());
        var options = DatasetLoader.Options(args);
        var status = new DatasetManager().Probe(options);
        ctx.Out.WriteLine($"dataset         {status.State}: {status.Message}");
        ctx.Out.WriteLine($"  source        {options.Source}");
        ctx.Out.WriteLine($"  cache         {options.CacheDirectory}");
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

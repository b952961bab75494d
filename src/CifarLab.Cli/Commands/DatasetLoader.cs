using CifarLab.Cli.Output;
using CifarLab.Training.Data;

namespace CifarLab.Cli.Commands;

/// <summary>Gets the dataset ready (download/verify/extract as needed) and loads it.</summary>
internal static class DatasetLoader
{
    public static CifarDataset Load(CliContext ctx, string? dataArg, int trainLimit, int testLimit)
    {
        var options = CliSettings.Dataset(dataArg);
        ctx.Err.WriteLine($"  dataset source: {options.Source}");
        var folder = new DatasetManager().EnsureReady(options, new DownloadReporter(ctx.Err, ctx.Interactive), ctx.Cancel);
        return CifarDataset.Load(folder, trainLimit, testLimit);
    }
}

using CifarLab.Cli.Options;
using CifarLab.Cli.Output;
using CifarLab.Training.Data;

namespace CifarLab.Cli.Commands;

/// <summary>Gets the dataset ready (download/verify/extract as needed), says whether it is official, and loads it.</summary>
internal static class DatasetLoader
{
    public const string DataOption = "--data";

    /// <summary>The CLI form of Dataset:AllowUnofficial, accepted by every command that takes --data.</summary>
    public const string AllowUnofficialOption = DatasetOptions.AllowUnofficialFlag;

    /// <summary>--data and --allow-unofficial over the environment and appsettings.json.</summary>
    public static DatasetOptions Options(ArgReader args) =>
        CliSettings.Dataset(args.Get(DataOption), args.Has(AllowUnofficialOption) ? args.Flag(AllowUnofficialOption) : null);

    public static CifarDataset Load(CliContext ctx, ArgReader args, int trainLimit, int testLimit, out DatasetProvenance provenance)
    {
        var options = Options(args);
        ctx.Err.WriteLine($"  dataset source: {options.Source}");
        var prepared = new DatasetManager().Prepare(options, new DownloadReporter(ctx.Err, ctx.Interactive), ctx.Cancel);
        provenance = prepared.Provenance;
        ctx.Err.WriteLine($"  data: {Describe(provenance)}");
        return CifarDataset.Load(prepared.Folder, trainLimit, testLimit);
    }

    public static string Describe(DatasetProvenance provenance) => provenance.Official
        ? $"{DatasetProvenance.OfficialLabel} (checksums of the batch files verified)"
        : $"{DatasetProvenance.UnofficialLabel.ToUpperInvariant()}: not the official CIFAR-10 files (allowed by {AllowUnofficialOption} / " +
          $"{DatasetOptions.AllowUnofficialSetting}); results are labelled \"{DatasetProvenance.UnofficialLabel}\"";
}

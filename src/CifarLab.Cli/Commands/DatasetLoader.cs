using System.CommandLine;
using CifarLab.Cli.Options;
using CifarLab.Cli.Output;
using CifarLab.Training.Data;

namespace CifarLab.Cli.Commands;

/// <summary>Gets the dataset ready (download/verify/extract as needed), says whether it is official, and loads it.</summary>
internal static class DatasetLoader
{
    /// <summary>The CLI form of Dataset:AllowUnofficial, accepted by every command that takes --data.</summary>
    public const string AllowUnofficialOption = CliOptions.AllowUnofficial;

    /// <summary>Adds --data and --allow-unofficial to a command that loads the dataset.</summary>
    public static void AddOptions(Command command)
    {
        command.Options.Add(CliOptions.DataOption());
        command.Options.Add(CliOptions.AllowUnofficialOption());
    }

    /// <summary>--data and --allow-unofficial over the environment and appsettings.json.</summary>
    public static DatasetOptions Options(ParseResult args) =>
        CliConfiguration.Dataset(args.GetValue<string>(CliOptions.Data),
            args.Has(AllowUnofficialOption) ? args.GetValue<bool>(AllowUnofficialOption) : null);

    public static CifarDataset Load(CliContext ctx, ParseResult args, int trainLimit, int testLimit, out DatasetProvenance provenance)
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

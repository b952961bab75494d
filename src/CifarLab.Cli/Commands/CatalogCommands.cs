using System.Globalization;
using System.Text.Json;
using System.CommandLine;
using CifarLab.Cli.Options;
using CifarLab.Training.Environment;
using CifarLab.Training.Models;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Commands;

/// <summary>`cifarlab models` and `cifarlab presets`: what can be trained.</summary>
public static class CatalogCommands
{
    public static Command ModelsCommand(CliContext ctx)
    {
        var command = new Command("models", "list the architectures") { CliOptions.JsonOption("print the list as JSON") };
        command.SetAction(args => Models(args, ctx));
        return command;
    }

    public static Command PresetsCommand(CliContext ctx)
    {
        var command = new Command("presets", "list the built-in recipes") { CliOptions.JsonOption("print the presets and their configs as JSON") };
        command.SetAction(args => PresetList(args, ctx));
        return command;
    }

    private static int Models(ParseResult args, CliContext ctx)
    {
        NativeBackend.EnsureLoaded();
        var rows = ModelCatalog.All.Select(m => new
        {
            name = m.Name,
            displayName = m.DisplayName,
            parameters = m.ParameterCount(new ModelOptions()),
            norms = m.SupportedNorms.Select(n => n.ToString().ToLowerInvariant()).ToArray(),
            dropout = m.SupportsDropout,
            description = m.Description,
        }).ToList();
        if (args.GetValue<bool>(CliOptions.Json))
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(rows, TrainCommand.JsonOptions));
            return ExitCodes.Ok;
        }
        ctx.Out.WriteLine($"{"name",-14}{"params",12}  {"norms",-26}description");
        foreach (var r in rows)
        {
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.name,-14}{r.parameters,12:N0}  {string.Join(",", r.norms),-26}{r.description}"));
        }
        return ExitCodes.Ok;
    }

    private static int PresetList(ParseResult args, CliContext ctx)
    {
        if (args.GetValue<bool>(CliOptions.Json))
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(Presets.All.Select(p => new { p.Name, p.Title, p.Description, p.Source, p.Config }), RunConfig.Json));
            return ExitCodes.Ok;
        }
        foreach (var p in Presets.All)
        {
            ctx.Out.WriteLine($"{p.Name,-14}{p.Title}");
            ctx.Out.WriteLine($"{"",-14}{p.Description}");
            ctx.Out.WriteLine($"{"",-14}{p.Config.Model}, {p.Config.Epochs} epochs, batch {p.Config.BatchSize}; source: {p.Source}");
        }
        return ExitCodes.Ok;
    }
}

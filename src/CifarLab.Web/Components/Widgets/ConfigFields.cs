using CifarLab.Web.Lab;
using System.Text.Json;

namespace CifarLab.Web.Components.Widgets;

/// <summary>One config field as pages list it: its JSON name (the key the compare diff matches on), label and value.</summary>
public sealed record ConfigField(string Key, string Label, string Value);

/// <summary>A config as fields in the schema's order (<see cref="RunOptions.All"/>): the config table and the compare diff.</summary>
public static class ConfigFields
{
    public static IReadOnlyList<ConfigField> Flatten(RunConfig config) =>
        RunOptions.All
            .Select(o => new ConfigField(o.JsonName, o.Label, Text(o, config)))
            .Append(new ConfigField(JsonNamingPolicy.CamelCase.ConvertName(nameof(RunConfig.Preset)), "Preset", PresetOrigin.Describe(config) ?? "—"))
            .ToList();

    /// <summary>The schema's text of the value; a choice by its label ("One-cycle"), as the form shows it.</summary>
    private static string Text(RunOption option, RunConfig config) =>
        option is ChoiceOption choice ? choice.Current(config).Label : option.Format(config);
}

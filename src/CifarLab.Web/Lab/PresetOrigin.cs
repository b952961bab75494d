namespace CifarLab.Web.Lab;

/// <summary>
/// Where a config came from, in words: "from quick" for a preset run as it is, "from quick, edited: model, schedule"
/// for one changed before launch (the options, by their schema labels, whose values differ from the preset's).
/// </summary>
public static class PresetOrigin
{
    public static string? Describe(RunConfig config)
    {
        if (config.Preset is not { } name)
        {
            return null;
        }
        if (Presets.All.FirstOrDefault(p => p.Name == name) is not { } preset)
        {
            return $"from {name}";
        }
        var edited = EditedOptions(config, preset.Config);
        return edited.Count == 0 ? $"from {name}" : $"from {name}, edited: {string.Join(", ", edited.Select(o => o.Label.ToLowerInvariant()))}";
    }

    /// <summary>The options whose values differ between the config and its preset, in the schema's order.</summary>
    public static IReadOnlyList<RunOption> EditedOptions(RunConfig config, RunConfig preset) =>
        [.. RunOptions.All.Where(o => o.Format(config) != o.Format(preset))];
}

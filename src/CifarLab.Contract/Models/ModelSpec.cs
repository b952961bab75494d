namespace CifarLab.Contract;

/// <summary>
/// What an architecture is and which options it accepts: everything pages, the API and the validator need to know
/// about a model, without building it. The engine pairs each spec with the code that builds the network.
/// </summary>
/// <param name="Name">Catalog key, lower-case (e.g. "resnet18").</param>
/// <param name="Source">Paper or repository the architecture follows.</param>
/// <param name="DefaultNorm">The norm the published architecture uses; UIs and presets start from it.</param>
public sealed record ModelSpec(
    string Name,
    string DisplayName,
    string Description,
    IReadOnlyList<NormKind> SupportedNorms,
    bool SupportsDropout,
    string Source,
    NormKind DefaultNorm = NormKind.Batch)
{
    /// <summary>The errors of the model-specific rules (norm, dropout); width and dropout ranges are <see cref="RunOptions"/>'.</summary>
    public IReadOnlyList<ConfigError> Check(NormKind norm, double dropout)
    {
        var errors = new List<ConfigError>();
        if (!SupportedNorms.Contains(norm))
        {
            errors.Add(new ConfigError(nameof(RunConfig.Norm), $"{Name} does not support '{norm}' normalization. Allowed: {string.Join(", ", SupportedNorms)}."));
        }
        if (dropout > 0 && !SupportsDropout)
        {
            errors.Add(new ConfigError(nameof(RunConfig.Dropout), $"{Name} has no dropout layer; use 0."));
        }
        return errors;
    }
}

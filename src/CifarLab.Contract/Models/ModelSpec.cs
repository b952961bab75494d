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
    /// <summary>CIFAR-10's class count, the head size <see cref="CountParameters"/> assumes unless told otherwise.</summary>
    public const int DefaultClasses = 10;

    /// <summary>The architecture's parameter arithmetic (see <see cref="ParameterFormulas"/>).</summary>
    public required ParameterFormula Parameters { get; init; }

    /// <summary>
    /// All parameters, trainable and frozen, of the network the engine builds for these options: exactly what
    /// counting the built model's parameters gives, computed from the layer plan without building anything.
    /// Dropout adds no parameters.
    /// </summary>
    /// <exception cref="ArgumentException">A width outside <see cref="RunOptions.Width"/>'s range, a norm this model
    /// does not support, or fewer than 2 classes; the message says what is allowed.</exception>
    public long CountParameters(double width, NormKind norm, int classes = DefaultClasses)
    {
        var range = RunOptions.Width;
        if (!double.IsFinite(width) || width < range.Min || width > range.Max)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"{Name}: width is out of range; allowed: {range.Allowed}.");
        if (!SupportedNorms.Contains(norm))
            throw new ArgumentException($"{Name} does not support '{norm}' normalization. Allowed: {string.Join(", ", SupportedNorms)}.", nameof(norm));
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"{Name}: allowed class counts are 2 or more.");
        return Parameters(width, norm, classes);
    }

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

using System.Collections.Concurrent;
using System.Globalization;
using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// One catalog entry: what an architecture is, which <see cref="ModelOptions"/> it accepts, and how to build it.
/// Build through <see cref="Create"/> (which validates); <see cref="Factory"/> is the raw constructor.
/// </summary>
/// <param name="Name">Catalog key, lower-case (e.g. "resnet18").</param>
/// <param name="Source">Paper or repository the architecture follows.</param>
/// <param name="DefaultNorm">The norm the published architecture uses; <see cref="ModelOptions.Norm"/> itself
/// defaults to Batch for every model, so UIs and presets should start from this value.</param>
public sealed record ModelInfo(
    string Name,
    string DisplayName,
    string Description,
    IReadOnlyList<NormKind> SupportedNorms,
    bool SupportsDropout,
    string Source,
    Func<ModelOptions, Module<Tensor, Tensor>> Factory,
    NormKind DefaultNorm = NormKind.Batch)
{
    /// <summary>Upper bound on <see cref="ModelOptions.Width"/>; beyond it the nets stop fitting in CPU memory.</summary>
    public const double MaxWidth = 16;

    // Counting means building the model (ResNet-18: 11M initialised weights), so remember each answer.
    private static readonly ConcurrentDictionary<(string Name, ModelOptions Options), long> ParameterCounts = new();

    /// <summary>Validates <paramref name="options"/> and builds a freshly initialised model (CPU, float32, training mode).</summary>
    /// <exception cref="ArgumentException">An option this model does not support; the message says what is allowed.</exception>
    public Module<Tensor, Tensor> Create(ModelOptions options)
    {
        Validate(options);
        return Factory(options);
    }

    /// <summary>All parameters, trainable and frozen, of the model <see cref="Create"/> would build.</summary>
    public long ParameterCount(ModelOptions options)
    {
        Validate(options);
        return ParameterCounts.GetOrAdd((Name, options), _ =>
        {
            using var scope = torch.NewDisposeScope();
            using var model = Factory(options);
            return ModelSummary.CountParameters(model);
        });
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the offending option and the allowed values.</summary>
    public void Validate(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!double.IsFinite(options.Width) || options.Width <= 0 || options.Width > MaxWidth)
            throw Invalid($"width {Fmt(options.Width)} is out of range; allowed: greater than 0 and at most {Fmt(MaxWidth)}.");
        if (!SupportedNorms.Contains(options.Norm))
            throw Invalid($"norm '{options.Norm}' is not supported; allowed: {string.Join(", ", SupportedNorms)}.");
        if (!double.IsFinite(options.Dropout) || options.Dropout < 0 || options.Dropout >= 1)
            throw Invalid($"dropout {Fmt(options.Dropout)} is out of range; allowed: 0 <= dropout < 1.");
        if (options.Dropout > 0 && !SupportsDropout)
            throw Invalid($"dropout is not supported (got {Fmt(options.Dropout)}); allowed: 0.");
        if (options.NumClasses < 2)
            throw Invalid($"number of classes {options.NumClasses} is too small; allowed: 2 or more.");
    }

    private ArgumentException Invalid(string what) => new($"Model '{Name}': {what}");

    private static string Fmt(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}

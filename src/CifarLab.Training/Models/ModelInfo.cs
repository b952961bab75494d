using System.Globalization;
using CifarLab.Contract;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// One catalog entry: the architecture's <see cref="ModelSpec"/> (the contract's description of it) and how to build
/// it. Build through <see cref="Create"/> (which validates); <see cref="Factory"/> is the raw constructor.
/// </summary>
public sealed record ModelInfo(ModelSpec Spec, Func<ModelOptions, Module<Tensor, Tensor>> Factory)
{
    public string Name => Spec.Name;
    public string DisplayName => Spec.DisplayName;
    public string Description => Spec.Description;
    public IReadOnlyList<NormKind> SupportedNorms => Spec.SupportedNorms;
    public bool SupportsDropout => Spec.SupportsDropout;
    public string Source => Spec.Source;
    public NormKind DefaultNorm => Spec.DefaultNorm;

    /// <summary>Validates <paramref name="options"/> and builds a freshly initialised model (CPU, float32, training mode).</summary>
    /// <exception cref="ArgumentException">An option this model does not support; the message says what is allowed.</exception>
    public Module<Tensor, Tensor> Create(ModelOptions options)
    {
        Validate(options);
        return Factory(options);
    }

    /// <summary>All parameters, trainable and frozen, of the model <see cref="Create"/> would build: the spec's
    /// analytic count (<see cref="ModelSpec.CountParameters"/>), so nothing is built.</summary>
    public long ParameterCount(ModelOptions options)
    {
        Validate(options);
        return Spec.CountParameters(options.Width, options.Norm, options.NumClasses);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the offending option and the allowed values (the ranges
    /// of <see cref="RunOptions.Width"/> and <see cref="RunOptions.Dropout"/>, the model's own norms).</summary>
    public void Validate(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var width = RunOptions.Width;
        if (!double.IsFinite(options.Width) || options.Width < width.Min || options.Width > width.Max)
            throw Invalid($"width {Fmt(options.Width)} is out of range; allowed: {width.Allowed}.");
        if (!SupportedNorms.Contains(options.Norm))
            throw Invalid($"norm '{options.Norm}' is not supported; allowed: {string.Join(", ", SupportedNorms)}.");
        var dropout = RunOptions.Dropout;
        if (!double.IsFinite(options.Dropout) || options.Dropout < dropout.Min || options.Dropout > dropout.Max)
            throw Invalid($"dropout {Fmt(options.Dropout)} is out of range; allowed: {dropout.Allowed}.");
        if (options.Dropout > 0 && !SupportsDropout)
            throw Invalid($"dropout is not supported (got {Fmt(options.Dropout)}); allowed: 0.");
        if (options.NumClasses < 2)
            throw Invalid($"number of classes {options.NumClasses} is too small; allowed: 2 or more.");
    }

    private ArgumentException Invalid(string what) => new($"Model '{Name}': {what}");

    private static string Fmt(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}

namespace CifarLab.Web.Lab;

public enum PreviewOutcome
{
    Rendered,
    /// <summary>A setting or count is invalid: <see cref="AugmentationPreviewResult.Errors"/> names each.</summary>
    Invalid,
    /// <summary>This host cannot render one now (UI-only host, dataset not prepared or damaged): <see cref="AugmentationPreviewResult.Refusal"/> says why.</summary>
    Unavailable,
}

/// <summary>The outcome of asking for an augmentation preview: the pictures, or why there are none.</summary>
public sealed record AugmentationPreviewResult(PreviewOutcome Outcome, AugmentationSamples? Samples, IReadOnlyList<FieldError> Errors, string? Refusal);

/// <summary>
/// Augmentation previews for the form and the API. They need the engine, so only a host that trains
/// (Worker:Enabled=true) renders them; a UI-only host, which never loads libtorch, refuses in words.
/// </summary>
public sealed class AugmentationPreviews(ITrainingEngine engine, BackendInfo backend)
{
    public const int DefaultImages = 4, DefaultDraws = 4, DefaultScale = 3;

    public const string NeedsTrainingHost =
        "Previews need a host that trains: this one serves only the UI (Worker:Enabled=false), so it never loads the engine. " +
        "Open the form on a host that trains to see augmented samples.";

    public bool Available => backend.Trains;

    /// <summary>A PNG as the page and the API show it: a data URL, no second request.</summary>
    public static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    /// <summary>Renders off the caller's thread (the engine's first use loads libtorch).</summary>
    public async Task<AugmentationPreviewResult> RenderAsync(RunConfig config, int images = DefaultImages, int draws = DefaultDraws, int scale = DefaultScale)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!Available)
        {
            return new(PreviewOutcome.Unavailable, null, [], NeedsTrainingHost);
        }
        var errors = new List<FieldError>();
        if (images is < 1 or > AugmentationSamples.MaxImages)
        {
            errors.Add(new("images", $"images must be 1 to {AugmentationSamples.MaxImages}; got {images}."));
        }
        if (draws is < 1 or > AugmentationSamples.MaxDraws)
        {
            errors.Add(new("draws", $"draws must be 1 to {AugmentationSamples.MaxDraws}; got {draws}."));
        }
        if (scale is < 1 or > AugmentationSamples.MaxScale)
        {
            errors.Add(new("scale", $"scale must be 1 to {AugmentationSamples.MaxScale}; got {scale}."));
        }
        errors.AddRange(RunConfigValidator.Validate(config).Select(e => new FieldError(e.Field, e.Message)));
        if (errors.Count > 0)
        {
            return new(PreviewOutcome.Invalid, null, errors, null);
        }
        try
        {
            return new(PreviewOutcome.Rendered, await Task.Run(() => engine.PreviewAugmentation(config, images, draws, scale)), [], null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            return new(PreviewOutcome.Unavailable, null, [], $"No preview: {ex.Message}");
        }
    }
}

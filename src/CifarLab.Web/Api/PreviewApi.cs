using CifarLab.Web.Accounts;
using CifarLab.Web.Lab;

namespace CifarLab.Web.Api;

/// <summary>The augmented images a config would train on, as PNG data URLs: <c>samples[draw][image]</c>.</summary>
public sealed record AugmentationPreviewDto(int Images, int Draws, IReadOnlyList<string> Originals, IReadOnlyList<IReadOnlyList<string>> Samples)
{
    public static AugmentationPreviewDto From(AugmentationSamples s) => new(s.Images, s.Draws, [.. s.Originals.Select(AugmentationPreviews.DataUrl)],
        [.. Enumerable.Range(0, s.Draws).Select(d => (IReadOnlyList<string>)[.. Enumerable.Range(0, s.Images).Select(i => AugmentationPreviews.DataUrl(s.Png(d, i)))])]);
}

/// <summary>Previews of a run before it is queued (the form's augmentation grid, for scripts too).</summary>
public static class PreviewApi
{
    public static IEndpointRouteBuilder MapPreviewApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/preview/augmentation", Augmentation).WithTags("Previews").RequireAuthorization(LabPolicies.Runner)
            .Accepts<LaunchRunBody>("application/json")
            .Produces<AugmentationPreviewDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Augmented samples of the first training images for a run config")
            .WithDescription("Body as for POST /api/runs ({ \"config\": { ... } }); ?images=1..16 (4), ?draws=1..8 (4), ?scale=1..8 (3). " +
                "Deterministic from the config's seed. 503 on a host that does not train (Worker:Enabled=false) or before the dataset is prepared.");
        return app;
    }

    private static async Task<IResult> Augmentation(HttpRequest http, AugmentationPreviews previews, int? images, int? draws, int? scale, CancellationToken ct)
    {
        // Refused before the body is read: a UI-only host has nothing to render it with.
        if (!previews.Available)
        {
            return Results.Problem(AugmentationPreviews.NeedsTrainingHost, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Previews need a host that trains.");
        }
        var (body, error) = await LaunchBodyReader.ReadAsync(http, ct);
        if (body?.Config is null)
        {
            return error!;
        }
        var result = await previews.RenderAsync(body.Config, images ?? AugmentationPreviews.DefaultImages, draws ?? AugmentationPreviews.DefaultDraws,
            scale ?? AugmentationPreviews.DefaultScale);
        return result.Outcome switch
        {
            PreviewOutcome.Rendered => Results.Ok(AugmentationPreviewDto.From(result.Samples!)),
            PreviewOutcome.Invalid => Results.ValidationProblem(
                result.Errors.GroupBy(e => e.Field is "images" or "draws" or "scale" ? e.Field : LaunchBodyReader.ApiField(e.Field))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "The preview request is invalid."),
            _ => Results.Problem(result.Refusal, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No preview."),
        };
    }
}

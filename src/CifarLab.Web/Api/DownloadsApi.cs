using System.IO.Compression;
using System.Text.Json;
using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using CifarLab.Web.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Api;

/// <summary>
/// Files of a run: the checkpoint bundle (zip), any single file of its folder, and the test images of
/// its misclassified grid (stored with the run). Everything is streamed; a path that leaves the run's folder is refused.
/// </summary>
public static class DownloadsApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapDownloadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").WithTags("Downloads").RequireAuthorization(Accounts.LabPolicies.Viewer);
        api.MapGet("/{id:int}/checkpoint", Checkpoint)
            .WithSummary("The run's weights as a zip: a completed run's final weights (engine checkpoint + PyTorch-loadable safetensors, config.json, result.json), or an unfinished run's last epoch checkpoint (X-Checkpoint-Kind: last-epoch)");
        api.MapGet("/{id:int}/files", File).WithSummary("One file of the run's folder: ?path=relative/path");
        api.MapGet("/{id:int}/misclassified/{index:int}.png", MisclassifiedImage).WithSummary("A misclassified test image");
        return app;
    }

    private static async Task Checkpoint(int id, HttpContext http, IDbContextFactory<LabDbContext> dbFactory, LabPaths paths)
    {
        RunStatus? status;
        await using (var db = await dbFactory.CreateDbContextAsync(http.RequestAborted))
        {
            status = await db.Runs.Where(r => r.Id == id).Select(r => (RunStatus?)r.Status).SingleOrDefaultAsync(http.RequestAborted);
        }
        if (status is null)
        {
            await Results.Problem($"Run {id} does not exist.", statusCode: 404).ExecuteAsync(http);
            return;
        }
        var dir = paths.RunDirectory(id);
        // Only finished plain files: never a .tmp or .partial left by a crash, never a link (RunArtifacts.ListFiles).
        var offer = CheckpointOffers.For(id, status.Value, RunArtifacts.ListFiles(dir).Select(f => f.RelativePath));
        if (offer is null)
        {
            var why = status == RunStatus.Completed
                ? "its final weights are missing"
                : $"it is {status} and has no finished epoch checkpoint";
            await Results.Problem($"Run {id} has no weights to download: {why}.", statusCode: 404).ExecuteAsync(http);
            return;
        }
        var name = offer.Epoch is { } epoch ? $"cifarlab-run-{id}-epoch-{epoch}.zip" : $"cifarlab-run-{id}.zip";
        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        http.Response.Headers["X-Checkpoint-Kind"] = offer.Kind;
        // Written straight into the response: the zip is never held in memory or on disk. Float
        // weights barely compress, so entries are stored; ZipArchive still flushes entry trailers
        // synchronously, which Kestrel refuses unless this request allows it.
        http.Features.Get<IHttpBodyControlFeature>()?.AllowSynchronousIO = true;
        await using var zip = await ZipArchive.CreateAsync(http.Response.Body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, http.RequestAborted);
        foreach (var rel in offer.Files)
        {
            // Resolved again, for real, as each one is opened: a file pruned since the listing is skipped.
            if (RunFiles.Resolve(paths, id, rel) is not (RunFileOutcome.Found, { } file))
            {
                continue;
            }
            var entry = zip.CreateEntry(rel, CompressionLevel.NoCompression);
            await using var target = await entry.OpenAsync(http.RequestAborted);
            await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
            await source.CopyToAsync(target, http.RequestAborted);
        }
    }

    private static IResult File(int id, string? path, LabPaths paths)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["path"] = ["Give the file's path inside the run's folder, e.g. ?path=config.json."] });
        }
        var (outcome, full) = RunFiles.Resolve(paths, id, path);
        switch (outcome)
        {
            case RunFileOutcome.Outside:
                return Results.Problem($"'{path}' is outside run {id}'s folder; only the run's own files can be downloaded.", statusCode: StatusCodes.Status400BadRequest);
            case RunFileOutcome.Link:
                return Results.Problem($"'{path}' in run {id}'s folder is a link; links are never followed, only the run's own files can be downloaded.",
                    statusCode: StatusCodes.Status403Forbidden);
            case RunFileOutcome.Missing:
                return Results.Problem($"Run {id} has no file '{path}'.", statusCode: StatusCodes.Status404NotFound);
        }
        var type = ContentTypes.TryGetContentType(full!, out var t) ? t : "application/octet-stream";
        return Results.File(full!, type, Path.GetFileName(full), enableRangeProcessing: true);
    }

    private static async Task<IResult> MisclassifiedImage(int id, int index, int? scale, IDbContextFactory<LabDbContext> dbFactory, ITrainingEngine engine, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.Results.Where(r => r.RunId == id).Select(r => r.MisclassifiedJson).SingleOrDefaultAsync(ct);
        var listed = json is not null && (JsonSerializer.Deserialize<List<Misclassified>>(json) ?? []).Any(m => m.TestIndex == index);
        if (!listed)
        {
            return Results.Problem($"Test image {index} is not among run {id}'s misclassified images.", statusCode: 404);
        }
        var enlarge = Math.Clamp(scale ?? 3, 1, 8);
        var pixels = await db.MisclassifiedImages.Where(i => i.RunId == id && i.TestIndex == index).Select(i => i.Pixels).SingleOrDefaultAsync(ct);
        if (pixels is not null)
        {
            return Results.File(engine.ImagePng(pixels, enlarge), "image/png");
        }
        // Runs completed before the images were stored with them: the configured dataset's image, while there is one.
        try
        {
            return Results.File(engine.TestImagePng(index, enlarge), "image/png");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
        {
            return Results.Problem($"Run {id} finished before its test images were stored with it, and the configured dataset cannot provide test image {index}: {ex.Message}",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

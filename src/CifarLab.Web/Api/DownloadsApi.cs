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
            .WithSummary("The run's weights (engine checkpoint + PyTorch-loadable safetensors) and config.json, as a zip");
        api.MapGet("/{id:int}/files", File).WithSummary("One file of the run's folder: ?path=relative/path");
        api.MapGet("/{id:int}/misclassified/{index:int}.png", MisclassifiedImage).WithSummary("A misclassified test image");
        return app;
    }

    private static async Task Checkpoint(int id, HttpContext http, IDbContextFactory<LabDbContext> dbFactory, LabPaths paths)
    {
        string? configJson;
        await using (var db = await dbFactory.CreateDbContextAsync(http.RequestAborted))
        {
            configJson = await db.Runs.Where(r => r.Id == id).Select(r => r.ConfigJson).SingleOrDefaultAsync(http.RequestAborted);
        }
        if (configJson is null)
        {
            await Results.Problem($"Run {id} does not exist.", statusCode: 404).ExecuteAsync(http);
            return;
        }
        var dir = paths.RunDirectory(id);
        // The final artifacts sit at the top of the folder; epoch checkpoints (with optimizer state)
        // stay out of the bundle and are downloadable one by one.
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.TopDirectoryOnly) : [];
        if (!files.Any(f => !f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            await Results.Problem($"Run {id} has no final weights yet (it has not completed).", statusCode: 404).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"cifarlab-run-{id}.zip\"";
        // Written straight into the response: the zip is never held in memory or on disk. Float
        // weights barely compress, so entries are stored; ZipArchive still flushes entry trailers
        // synchronously, which Kestrel refuses unless this request allows it.
        http.Features.Get<IHttpBodyControlFeature>()?.AllowSynchronousIO = true;
        await using var zip = await ZipArchive.CreateAsync(http.Response.Body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, http.RequestAborted);
        foreach (var file in files)
        {
            var entry = zip.CreateEntry(Path.GetRelativePath(dir, file).Replace('\\', '/'), CompressionLevel.NoCompression);
            await using var target = await entry.OpenAsync(http.RequestAborted);
            await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
            await source.CopyToAsync(target, http.RequestAborted);
        }
        if (!files.Any(f => Path.GetFileName(f).Equals("config.json", StringComparison.OrdinalIgnoreCase)))
        {
            var entry = zip.CreateEntry("config.json", CompressionLevel.NoCompression);
            await using var target = await entry.OpenAsync(http.RequestAborted);
            await target.WriteAsync(System.Text.Encoding.UTF8.GetBytes(RunConfig.FromJson(configJson).ToJson()), http.RequestAborted);
        }
    }

    private static IResult File(int id, string? path, LabPaths paths)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["path"] = ["Give the file's path inside the run's folder, e.g. ?path=config.json."] });
        }
        var full = paths.ResolveInsideRun(id, path);
        if (full is null)
        {
            return Results.Problem($"'{path}' is outside run {id}'s folder; only the run's own files can be downloaded.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!System.IO.File.Exists(full))
        {
            return Results.Problem($"Run {id} has no file '{path}'.", statusCode: StatusCodes.Status404NotFound);
        }
        var type = ContentTypes.TryGetContentType(full, out var t) ? t : "application/octet-stream";
        return Results.File(full, type, Path.GetFileName(full), enableRangeProcessing: true);
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

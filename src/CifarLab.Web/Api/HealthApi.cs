using System.Security.Claims;
using CifarLab.Web.Accounts;
using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using CifarLab.Web.Extensions;
using CifarLab.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Api;

public sealed record DatabaseHealth(bool Ok, string Path, int? Runs, string? Error);

public sealed record WorkerHealth(bool Enabled, string WorkerId, IReadOnlyList<string> Devices);

public sealed record HealthReport(string Status, DatabaseHealth Database, BackendReport? Backend, DatasetStatus Dataset, WorkerHealth Worker,
    StorageFault? Storage = null);

/// <summary>What /health tells a caller who is not an admin: the verdict alone.</summary>
public sealed record HealthStatus(string Status);

/// <summary>
/// GET /health: 200 "healthy" when the database and the native backend work and the configured dataset is usable
/// or only waiting to be prepared (not downloaded or extracted yet); 503 "degraded" when the app works but the
/// dataset is not usable as configured (missing source, checksum mismatch, damaged or missing files), since every
/// run would fail, or while the lab cannot write its files (<see cref="StorageHealth"/>: a full disk, an unwritable
/// folder or database; its message is in "storage"); 503 "unhealthy" when the database or the backend does not work. A host that does not train
/// (Worker:Enabled=false) never loads the native backend: its backend is null and not part of the verdict.
/// Only admins (and the implicit local admin when sign-in is not required) get the report; anyone else gets the
/// status and the HTTP code alone, so paths, versions and errors stay inside the team.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Check).WithTags("Health").WithSummary("Native backend, database, dataset and worker status")
            .WithDescription("Admins get the full report; other callers get only { status } (healthy, degraded or unhealthy) and the code.")
            .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> Check(ClaimsPrincipal user,
        IDbContextFactory<LabDbContext> dbFactory, BackendInfo backend, ITrainingEngine engine, LabPaths paths,
        IOptions<WorkerOptions> worker, StorageHealth storage, CancellationToken ct)
    {
        DatabaseHealth db;
        try
        {
            await using var context = await dbFactory.CreateDbContextAsync(ct);
            db = new DatabaseHealth(true, paths.DatabasePath, await context.Runs.CountAsync(ct), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            db = new DatabaseHealth(false, paths.DatabasePath, null, ex.Message);
        }
        var report = backend.Report;
        var dataset = engine.ProbeDataset();
        var storageFault = storage.Check();
        var status = !(db.Ok && report is not { Ok: false }) ? "unhealthy"
            : dataset.State == DatasetState.Invalid || storageFault is not null ? "degraded"
            : "healthy";
        var w = worker.Value;
        var code = status == "healthy" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (!user.Has(LabRole.Admin))
        {
            return Results.Json(new HealthStatus(status), statusCode: code);
        }
        var body = new HealthReport(status, db, report, dataset, new WorkerHealth(w.Enabled, w.ResolveWorkerId(), w.ResolveDevices()), storageFault);
        return Results.Json(body, statusCode: code);
    }
}

using System.Security.Claims;
using CifarLab.Web.Accounts;
using CifarLab.Web.Data;
using CifarLab.Web.Live;
using CifarLab.Web.Lab;
using Microsoft.AspNetCore.Mvc;

namespace CifarLab.Web.Api;

/// <summary>The REST API over runs; downloads live in <see cref="DownloadsApi"/>.</summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization(LabPolicies.Viewer);
        api.MapPost("/", Create).RequireAuthorization(LabPolicies.Runner)
            .Accepts<LaunchRunBody>("application/json")
            .Produces<CreatedRun>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireWritableStorage()
            .WithSummary("Queue a run").WithDescription("Validates the run config; returns 400 problem details naming every invalid field, 507 while the lab cannot write its files.");
        api.MapGet("/", List).WithSummary("List runs (filter, sort, page)");
        api.MapGet("/{id:int}", Get).WithSummary("One run: status, config, per-epoch metrics, test accuracy, artifacts")
            .Produces<RunDetailDto>().ProducesProblem(StatusCodes.Status404NotFound);
        // Runners act on their own runs only; admins on every run.
        var own = api.MapGroup("/").RequireAuthorization(LabPolicies.Runner).AddEndpointFilter<RunOwnerFilter>();
        own.MapPost("/{id:int}/cancel", Cancel).WithSummary("Cancel a queued, running or interrupted run");
        own.MapPost("/{id:int}/resume", Resume).RequireWritableStorage().WithSummary("Resume an interrupted or failed run from its last checkpoint");
        own.MapPost("/{id:int}/rerun", Rerun).RequireWritableStorage().WithSummary("Queue a new run with the same config: seed = new (default, a different random seed), same, or a number");
        own.MapPost("/{id:int}/move", Move).WithSummary("Reorder a queued run: to = top, up, down or bottom");
        own.MapPatch("/{id:int}", Edit).Accepts<EditRunBody>("application/json").ProducesValidationProblem()
            .WithSummary("Change a run's name, tags or notes (absent fields stay)");
        own.MapDelete("/{id:int}", Delete).WithSummary("Delete a run that is not training, with its files");
        return app;
    }

    private static async Task<IResult> Create(HttpRequest http, ClaimsPrincipal user, RunLauncher launcher, CancellationToken ct)
    {
        var (body, error) = await LaunchBodyReader.ReadAsync(http, ct);
        if (body?.Config is null)
        {
            return error!;
        }
        var result = await launcher.LaunchAsync(new LaunchRequest
        {
            Config = body.Config,
            Name = body.Name,
            Tags = body.Tags,
            Notes = body.Notes,
            Owner = user.OwnerName(),
        }, ct);
        if (result.OverQuota is { } quota)
        {
            return OverQuota(quota);
        }
        if (!result.Succeeded)
        {
            return Results.ValidationProblem(LaunchBodyReader.ToProblem(result.Errors), title: "The run config is invalid.");
        }
        var id = result.RunId!.Value;
        return Results.Created($"/api/runs/{id}", new CreatedRun(id, nameof(RunStatus.Queued), $"/runs/{id}"));
    }

    private static async Task<IResult> List(
        RunQueries queries, [AsParameters] RunFilterQuery query, int? page, int? pageSize, CancellationToken ct)
    {
        if (!query.TryRead(out var filter, out var sort, out var error))
        {
            return error!;
        }
        var result = await queries.PageAsync(filter, sort, page ?? 1, pageSize ?? 50, ct);
        return Results.Ok(new RunListDto(result.Rows.Select(r => r.ToDto()).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static async Task<IResult> Get(int id, RunReader reader, RunNotifier notifier, CancellationToken ct)
    {
        var run = await reader.GetAsync(id, ct);
        return run is null ? NotFound(id) : Results.Ok(run.ToDto(notifier.LastProgress(id)));
    }

    private static async Task<IResult> Cancel(int id, RunLifecycle lifecycle, CancellationToken ct) =>
        Reply(id, await lifecycle.CancelAsync(id, ct));

    private static async Task<IResult> Resume(int id, RunLifecycle lifecycle, CancellationToken ct) =>
        Reply(id, await lifecycle.ResumeAsync(id, ct));

    private static async Task<IResult> Rerun(int id, [FromQuery] string? seed, ClaimsPrincipal user, RunLauncher launcher, CancellationToken ct)
    {
        if (!RerunSeed.TryParse(seed, out var choice))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["seed"] = [$"'{seed}' is not a seed choice; {RerunSeed.Help}"] });
        }
        var (outcome, newId, message) = await launcher.RerunAsync(id, choice, user.OwnerName(), ct);
        return outcome == CommandOutcome.Done
            ? Results.Created($"/api/runs/{newId}", new CommandReply(id, message, newId))
            : Reply(id, (outcome, message));
    }

    private static async Task<IResult> Move(int id, [FromQuery] string? to, RunLifecycle lifecycle, CancellationToken ct)
    {
        if (!QueryEnums.TryParse<QueueMove>(to, "to", out var move, out var error) || move is null)
        {
            return error ?? Results.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["Say where to move the run: top, up, down or bottom."] });
        }
        return await lifecycle.MoveAsync(id, move.Value, ct)
            ? Results.Ok(new CommandReply(id, $"Moved {to!.ToLowerInvariant()}."))
            : Results.Problem($"Run {id} is not queued, or is already at that end of the queue.", statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Edit(int id, HttpRequest http, RunEditor editor, RunReader reader, RunNotifier notifier, CancellationToken ct)
    {
        var (body, error) = await LaunchBodyReader.ReadAsync<EditRunBody>(http, configOf: null, ct);
        if (body is null)
        {
            return error!;
        }
        var (outcome, errors) = await editor.EditAsync(id, new RunEdit(body.Name, body.Tags, body.Notes), ct);
        return outcome switch
        {
            CommandOutcome.NotFound => NotFound(id),
            CommandOutcome.Done => Results.Ok((await reader.GetAsync(id, ct))!.ToDto(notifier.LastProgress(id))),
            _ => Results.ValidationProblem(LaunchBodyReader.ToProblem(errors), title: "The edit is invalid."),
        };
    }

    private static async Task<IResult> Delete(int id, RunLifecycle lifecycle, CancellationToken ct)
    {
        var (outcome, message) = await lifecycle.DeleteAsync(id, ct);
        return outcome == CommandOutcome.Done ? Results.NoContent() : Reply(id, (outcome, message));
    }

    private static IResult Reply(int id, (CommandOutcome Outcome, string Message) r) => r.Outcome switch
    {
        CommandOutcome.Done => Results.Ok(new CommandReply(id, r.Message)),
        CommandOutcome.NotFound => Results.Problem(r.Message, statusCode: StatusCodes.Status404NotFound),
        CommandOutcome.OverQuota => Results.Problem(r.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Over your queue limit"),
        _ => Results.Problem(r.Message, statusCode: StatusCodes.Status409Conflict),
    };

    private static IResult OverQuota(QuotaRefusal quota) => Results.Problem(quota.Message,
        statusCode: StatusCodes.Status429TooManyRequests, title: "Over your queue limit",
        extensions: new Dictionary<string, object?> { ["limit"] = quota.Setting, ["allowed"] = quota.Limit });

    /// <summary>Dates in queries are UTC, like the stored ones.</summary>
    internal static DateTime? Utc(DateTime? d) => d is { } v ? DateTime.SpecifyKind(v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v, DateTimeKind.Utc) : null;

    internal static IResult NotFound(int id) =>
        Results.Problem($"Run {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
}

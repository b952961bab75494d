using System.Security.Claims;
using CifarLab.Web.Accounts;
using CifarLab.Web.Groups;
using CifarLab.Web.Lab;
using Microsoft.AspNetCore.Mvc;

namespace CifarLab.Web.Api;

/// <summary>Seed groups: POST /api/groups, GET /api/groups/{id}, POST /api/runs/{id}/repeat?seeds=N.</summary>
public static class GroupsApi
{
    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/groups").WithTags("Groups").RequireAuthorization(LabPolicies.Viewer);
        api.MapPost("/", Create).RequireAuthorization(LabPolicies.Runner)
            .Accepts<LaunchGroupBody>("application/json")
            .Produces<GroupDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .RequireWritableStorage()
            .WithSummary("Queue a run config over N seeds (base, base+1, …) as one group");
        api.MapGet("/{id:int}", Get).Produces<GroupDto>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A group: its seeds and runs, n finished of N, mean and sample std of test accuracy and training time");
        app.MapPost("/api/runs/{id:int}/repeat", Repeat).WithTags("Groups")
            .RequireAuthorization(LabPolicies.Runner).AddEndpointFilter<RunOwnerFilter>()
            .RequireWritableStorage()
            .Produces<GroupDto>(StatusCodes.Status201Created)
            .WithSummary("Repeat a run's config over N seeds starting at its own seed, as one group");
        return app;
    }

    private static async Task<IResult> Create(HttpRequest http, ClaimsPrincipal user, GroupLauncher launcher, GroupQueries groups, CancellationToken ct)
    {
        var (body, error) = await LaunchBodyReader.ReadAsync<LaunchGroupBody>(http, b => b.Config, ct);
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
        }, body.Seeds, ct);
        return await Reply(result, groups, ct);
    }

    private static async Task<IResult> Get(int id, GroupQueries groups, CancellationToken ct) =>
        await groups.GetAsync(id, ct) is { } group ? Results.Ok(GroupDto.Of(group)) : NotFound(id);

    private static async Task<IResult> Repeat(int id, [FromQuery] int? seeds, ClaimsPrincipal user, GroupLauncher launcher, GroupQueries groups, CancellationToken ct)
    {
        if (seeds is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["seeds"] = [$"Say how many seeds: ?seeds={SeedPlan.MinCount}..{SeedPlan.MaxCount}."] });
        }
        var result = await launcher.RepeatAsync(id, seeds.Value, user.OwnerName(), ct);
        return result.SourceMissing ? RunsApi.NotFound(id) : await Reply(result, groups, ct);
    }

    private static async Task<IResult> Reply(GroupLaunchResult result, GroupQueries groups, CancellationToken ct)
    {
        if (result.GroupId is not { } id)
        {
            return Results.ValidationProblem(LaunchBodyReader.ToProblem(result.Errors), title: "The group request is invalid.");
        }
        var group = (await groups.GetAsync(id, ct))!;
        if (result.Refusal is { } quota)
        {
            return Results.Problem(result.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Over your queue limit",
                extensions: new Dictionary<string, object?> { ["limit"] = quota.Setting, ["allowed"] = quota.Limit, ["groupId"] = id, ["runIds"] = result.RunIds });
        }
        if (result.Errors.Count > 0)
        {
            return Results.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "Part of the group was refused",
                extensions: new Dictionary<string, object?> { ["groupId"] = id, ["runIds"] = result.RunIds });
        }
        return Results.Created($"/api/groups/{id}", GroupDto.Of(group));
    }

    private static IResult NotFound(int id) =>
        Results.Problem($"Group {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record StatsDto(int Count, double? Mean, double? Std, double? Min, double? Max)
{
    public static StatsDto Of(SampleStats s) => new(s.Count, s.Mean, s.Std, s.Min, s.Max);
}

public sealed record GroupRunDto(int Id, string Name, int Seed, string Status, double? TestAccuracy, double? TrainSeconds, string Url);

/// <summary>A group: seeds, runs, n finished of N, and the statistics (std is the sample std, n-1) over finished runs.</summary>
public sealed record GroupDto(
    int Id, string Name, IReadOnlyList<int> Seeds, int Size, int Finished, int? SourceRunId, string? Owner, DateTime CreatedAt,
    StatsDto TestAccuracy, StatsDto TrainSeconds, IReadOnlyList<GroupRunDto> Runs, string Url)
{
    public static GroupDto Of(GroupView g) => new(g.Id, g.Name, g.Seeds, g.Size, g.Finished, g.SourceRunId, g.Owner, g.CreatedAt,
        StatsDto.Of(g.TestAccuracy), StatsDto.Of(g.TrainSeconds),
        [.. g.Runs.Select(r => new GroupRunDto(r.Id, r.Name, r.Seed, r.Status.ToString(), r.TestAccuracy, r.TrainSeconds, $"/runs/{r.Id}"))],
        $"/compare?groups={g.Id}");
}

using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using Microsoft.AspNetCore.Mvc;

namespace CifarLab.Web.Api;

/// <summary>
/// The leaderboard's query string (GET /api/runs and the CSV export read the same one): status and sort by name,
/// a minimum accuracy between 0 and 1, dates as UTC. A bad value is a 400 naming the parameter and what is allowed.
/// </summary>
public sealed record RunFilterQuery(
    [FromQuery(Name = "search")] string? Search,
    [FromQuery(Name = "model")] string? Model,
    [FromQuery(Name = "tag")] string? Tag,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "minAccuracy")] double? MinAccuracy,
    [FromQuery(Name = "from")] DateTime? From,
    [FromQuery(Name = "to")] DateTime? To,
    [FromQuery(Name = "owner")] string? Owner,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "desc")] bool? Desc)
{
    public bool TryRead(out RunFilter filter, out RunSort sort, out IResult? error)
    {
        filter = new RunFilter();
        sort = new RunSort();
        if (!QueryEnums.TryParse<RunStatus>(Status, "status", out var status, out error)
            || !QueryEnums.TryParse<RunSortColumn>(Sort, "sort", out var column, out error))
        {
            return false;
        }
        if (MinAccuracy is { } min && !(min >= 0 && min <= 1))
        {
            error = Invalid("minAccuracy", $"'{min}' is not allowed; use a number from 0 to 1 (e.g. 0.9).");
            return false;
        }
        filter = new RunFilter { Search = Search, Model = Model, Tag = Tag, StatusIs = status, MinAccuracy = MinAccuracy, From = RunsApi.Utc(From), To = RunsApi.Utc(To), Owner = Owner };
        sort = new RunSort(column ?? RunSortColumn.Created, Desc ?? true);
        return true;
    }

    internal static IResult Invalid(string parameter, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, title: $"The parameter '{parameter}' is invalid.");
}

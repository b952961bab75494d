using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Lab;

/// <summary>Server-side filtering, sorting and paging of runs (the leaderboard, the API, CSV export).</summary>
public sealed class RunQueries(IDbContextFactory<LabDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<RunPage> PageAsync(RunFilter filter, RunSort sort, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        // The rows skipped, (page - 1) * pageSize, must fit an int: a page past that is empty, never page 1 again.
        page = Math.Clamp(page, 1, int.MaxValue / pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await Filter(db.Runs.AsNoTracking(), filter).CountAsync(ct);
        var rows = await PageQuery(db.Runs.AsNoTracking(), filter, sort, page, pageSize).ToListAsync(ct);
        return new RunPage(rows, total, page, pageSize);
    }

    /// <summary>One page's rows as one SQL query: filtered, sorted, and cut to the page by the database (LIMIT/OFFSET).</summary>
    internal static IQueryable<RunRow> PageQuery(IQueryable<RunRecord> runs, RunFilter filter, RunSort sort, int page, int pageSize) =>
        Project(Sort(Filter(runs, filter), sort)).Skip((page - 1) * pageSize).Take(pageSize);

    /// <summary>Every matching row, streamed (CSV export).</summary>
    public async IAsyncEnumerable<RunRow> StreamAsync(RunFilter filter, RunSort sort, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in Project(Sort(Filter(db.Runs.AsNoTracking(), filter), sort)).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    public async Task<IReadOnlyList<string>> OwnersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.Where(r => r.Owner != null).Select(r => r.Owner!).Distinct().OrderBy(o => o).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> ModelsInUseAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.Select(r => r.Model).Distinct().OrderBy(m => m).ToListAsync(ct);
    }

    public static IQueryable<RunRecord> Filter(IQueryable<RunRecord> q, RunFilter f)
    {
        if (!string.IsNullOrWhiteSpace(f.Search))
        {
            var s = "%" + EscapeLike(f.Search.Trim()) + "%";
            q = q.Where(r => EF.Functions.Like(r.Name, s, LikeEscape) || EF.Functions.Like(r.Model, s, LikeEscape));
        }
        if (!string.IsNullOrWhiteSpace(f.Model))
        {
            q = q.Where(r => r.Model == f.Model);
        }
        if (!string.IsNullOrWhiteSpace(f.Tag))
        {
            var t = "%," + EscapeLike(f.Tag.Trim()) + ",%";
            q = q.Where(r => EF.Functions.Like(r.Tags, t, LikeEscape));
        }
        if (f.StatusIs is { } status)
        {
            q = q.Where(r => r.Status == status);
        }
        if (f.MinAccuracy is { } min)
        {
            q = q.Where(r => r.TestAccuracy >= min);
        }
        if (f.From is { } from)
        {
            q = q.Where(r => r.CreatedAt >= from);
        }
        if (f.To is { } to)
        {
            q = q.Where(r => r.CreatedAt < to);
        }
        if (!string.IsNullOrWhiteSpace(f.Owner))
        {
            var owner = f.Owner.Trim();
            q = owner == RunFilter.NoOwner ? q.Where(r => r.Owner == null) : q.Where(r => r.Owner == owner);
        }
        return q;
    }

    private const string LikeEscape = "\\";

    /// <summary>Text searched for as typed: LIKE's wildcards (% and _) and the escape character match only themselves.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);

    // Runs without a result (queued, failed) sort after those with one, whatever the direction.
    public static IQueryable<RunRecord> Sort(IQueryable<RunRecord> q, RunSort s)
    {
        var d = s.Descending;
        IOrderedQueryable<RunRecord> ordered = s.Column switch
        {
            RunSortColumn.Name => d ? q.OrderByDescending(r => r.Name) : q.OrderBy(r => r.Name),
            RunSortColumn.Model => d ? q.OrderByDescending(r => r.Model) : q.OrderBy(r => r.Model),
            RunSortColumn.Status => d ? q.OrderByDescending(r => r.Status) : q.OrderBy(r => r.Status),
            RunSortColumn.TestAccuracy => (d ? q.OrderBy(r => r.TestAccuracy == null).ThenByDescending(r => r.TestAccuracy) : q.OrderBy(r => r.TestAccuracy == null).ThenBy(r => r.TestAccuracy)),
            RunSortColumn.ValidationAccuracy => (d ? q.OrderBy(r => r.ValidationAccuracy == null).ThenByDescending(r => r.ValidationAccuracy) : q.OrderBy(r => r.ValidationAccuracy == null).ThenBy(r => r.ValidationAccuracy)),
            RunSortColumn.TrainSeconds => (d ? q.OrderBy(r => r.TrainSeconds == null).ThenByDescending(r => r.TrainSeconds) : q.OrderBy(r => r.TrainSeconds == null).ThenBy(r => r.TrainSeconds)),
            RunSortColumn.Epochs => d ? q.OrderByDescending(r => r.Epochs) : q.OrderBy(r => r.Epochs),
            RunSortColumn.Parameters => (d ? q.OrderBy(r => r.ParameterCount == null).ThenByDescending(r => r.ParameterCount) : q.OrderBy(r => r.ParameterCount == null).ThenBy(r => r.ParameterCount)),
            _ => d ? q.OrderByDescending(r => r.CreatedAt) : q.OrderBy(r => r.CreatedAt),
        };
        return d ? ordered.ThenByDescending(r => r.Id) : ordered.ThenBy(r => r.Id);
    }

    private static IQueryable<RunRow> Project(IQueryable<RunRecord> q) =>
        q.Select(r => new RunRow(r.Id, r.Name, r.Model, r.Status, r.TestAccuracy, r.TrainSeconds, r.Epochs,
            r.CompletedEpochs, r.ParameterCount, r.Tags, r.CreatedAt, r.Device, r.OfficialData, r.Owner, r.GroupId, r.ValidationAccuracy));
}

using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Groups;

/// <summary>Reads groups with their runs and statistics (the API, the leaderboard, compare).</summary>
public sealed class GroupQueries(IDbContextFactory<LabDbContext> dbFactory)
{
    public async Task<GroupView?> GetAsync(int id, CancellationToken ct = default) =>
        await GetManyAsync([id], ct) is [var group] ? group : null;

    /// <summary>The groups among <paramref name="ids"/> that exist, in the order asked.</summary>
    public async Task<IReadOnlyList<GroupView>> GetManyAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.Groups.AsNoTracking().Where(g => ids.Contains(g.Id)).ToListAsync(ct);
        var runs = await db.Runs.AsNoTracking().Where(r => r.GroupId != null && ids.Contains(r.GroupId.Value))
            .OrderBy(r => r.Id)
            .Select(r => new { GroupId = r.GroupId!.Value, r.Id, r.Name, r.ConfigJson, r.Status, r.TestAccuracy, r.TrainSeconds })
            .ToListAsync(ct);
        var byGroup = runs.ToLookup(r => r.GroupId, r => new GroupRunView(r.Id, r.Name, RunConfig.FromJson(r.ConfigJson).Seed, r.Status, r.TestAccuracy, r.TrainSeconds));
        return [.. ids.Select(id => groups.FirstOrDefault(g => g.Id == id)).OfType<RunGroupRecord>()
            .Select(g => GroupView.From(g, [.. byGroup[g.Id]]))];
    }

    /// <summary>The groups of the given runs (the leaderboard's page), by group id.</summary>
    public async Task<IReadOnlyDictionary<int, GroupView>> OfRunsAsync(IEnumerable<int?> groupIds, CancellationToken ct = default)
    {
        var ids = groupIds.OfType<int>().Distinct().ToList();
        return (await GetManyAsync(ids, ct)).ToDictionary(g => g.Id);
    }
}

using System.Net;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Faults;

/// <summary>Deleting: the same run deleted twice at once is gone for the second (404), and deleted runs give their
/// space back to the disk (SQLite incremental vacuum).</summary>
public sealed class DeleteTests
{
    [Fact]
    public async Task Concurrent_deletes_of_one_run_answer_204_once_and_404_for_the_rest()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "twice");
        await using (var db = factory.CreateDbContext())
        {
            // Enough rows that the delete (and its cascade) takes a while, so the other deletes arrive during it.
            db.MisclassifiedImages.AddRange(Enumerable.Range(0, 2000).Select(i => new MisclassifiedImageRow { RunId = id, TestIndex = i, Pixels = new byte[3072] }));
            await db.SaveChangesAsync();
        }
        (await client.PostAsync($"/api/runs/{id}/cancel", null)).EnsureSuccessStatusCode();
        var dir = Path.Combine(factory.DataDirectory, "checkpoints", $"{id}");
        for (var i = 0; i < 200; i++)
        {
            Directory.CreateDirectory(Path.Combine(dir, $"epoch-{i:D4}"));
            await File.WriteAllBytesAsync(Path.Combine(dir, $"epoch-{i:D4}", "model.bin"), new byte[4096]);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => factory.CreateClient().DeleteAsync($"/api/runs/{id}"))));

        var texts = await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}"));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.NoContent) == 1, string.Join("\n", texts));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.NotFound) == 7, string.Join("\n", texts));
        Assert.False(Directory.Exists(dir));
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task A_new_database_reclaims_the_space_of_deleted_runs()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();
        var ids = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await TinyRuns.LaunchAsync(client, TinyRuns.Config(), $"big {i}"));
        }
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(2, await PragmaAsync(db, "auto_vacuum")); // INCREMENTAL
            foreach (var id in ids)
            {
                db.MisclassifiedImages.AddRange(Enumerable.Range(0, 100).Select(i => new MisclassifiedImageRow { RunId = id, TestIndex = i, Pixels = new byte[3072] }));
            }
            await db.SaveChangesAsync();
            await db.Runs.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Cancelled));
        }
        var full = await PagesAsync(factory);

        foreach (var id in ids)
        {
            (await client.DeleteAsync($"/api/runs/{id}")).EnsureSuccessStatusCode();
        }

        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(0, await PragmaAsync(db, "freelist_count"));
        }
        Assert.True(await PagesAsync(factory) < full - 250, "the deleted runs' pages went back to the file system");
    }

    [Fact]
    public async Task An_existing_database_without_auto_vacuum_is_converted_once_at_startup_keeping_its_runs()
    {
        var dir = LabFactory.NewDataDirectory();
        int id;
        await using (var first = new LabFactory(dir, workerEnabled: false))
        {
            id = await TinyRuns.LaunchAsync(first.CreateClient(), TinyRuns.Config(), "old");
        }
        // A database made before this change: auto_vacuum NONE (set back the only way SQLite allows, by VACUUM).
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "cifarlab.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { "PRAGMA journal_mode=DELETE;", "PRAGMA auto_vacuum=NONE;", "VACUUM;" })
            {
                await using var change = connection.CreateCommand();
                change.CommandText = sql;
                await change.ExecuteNonQueryAsync();
            }
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA auto_vacuum;";
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }

        await using var second = new LabFactory(dir, workerEnabled: false);
        var run = await TinyRuns.GetAsync(second.CreateClient(), id);

        Assert.Equal("old", run.Name);
        await using var db = second.CreateDbContext();
        Assert.Equal(2, await PragmaAsync(db, "auto_vacuum"));
    }

    private static async Task<long> PagesAsync(LabFactory factory)
    {
        await using var db = factory.CreateDbContext();
        return await PragmaAsync(db, "page_count");
    }

    private static async Task<long> PragmaAsync(LabDbContext db, string pragma)
    {
        Assert.Matches("^[a-z_]+$", pragma);
#pragma warning disable EF1003 // a pragma name from this file, checked above
        return (await db.Database.SqlQueryRaw<long>("PRAGMA " + pragma).ToListAsync()).Single();
#pragma warning restore EF1003
    }
}

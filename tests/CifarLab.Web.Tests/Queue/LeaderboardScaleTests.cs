using CifarLab.Web.Data;
using CifarLab.Web.Lab;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Queue;

/// <summary>
/// 10 000 runs: every leaderboard page is one query that the database filters, sorts and cuts to the page, over
/// indexed columns. The work is checked (the SQL), never the wall clock; timings live in docs/BENCHMARKS.md.
/// </summary>
public sealed class LeaderboardScaleTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Paging_sorting_and_filtering_ten_thousand_runs_happens_in_the_database()
    {
        _ = _factory.Services; // start the host: migrations run
        var models = new[] { "tutorial-cnn", "resnet9", "resnet18", "airbench94" };
        var config = new RunConfig().ToJson();
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // One prepared INSERT in one transaction: seeding is set-up, not what is tested, and EF's change tracking
        // would spend most of the test on 10 000 entities.
        await using (var db = _factory.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var insert = db.Database.GetDbConnection().CreateCommand();
            insert.CommandText = """
                INSERT INTO Runs (Name, Model, ConfigJson, Device, Epochs, BatchSize, LearningRate, Status, TestAccuracy,
                    TrainSeconds, ParameterCount, CreatedAt, QueueOrder, Tags, CancelRequested, ResumeFromCheckpoint, CompletedEpochs)
                VALUES ($name, $model, $config, 'cpu', $epochs, 128, 0.1, 'Completed', $accuracy, $seconds, $parameters,
                    $created, $order, $tags, 0, 0, $epochs)
                """;
            var names = new[] { "name", "model", "config", "epochs", "accuracy", "seconds", "parameters", "created", "order", "tags" };
            var p = names.ToDictionary(n => n, n =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = "$" + n;
                insert.Parameters.Add(parameter);
                return parameter;
            });
            for (var i = 0; i < 10_000; i++)
            {
                p["name"].Value = $"run {i}";
                p["model"].Value = models[i % 4];
                p["config"].Value = config;
                p["epochs"].Value = 1 + i % 30;
                p["accuracy"].Value = (i * 7919 % 10_000) / 10_000.0;
                p["seconds"].Value = (double)(i % 500);
                p["parameters"].Value = 1000L + i % 97;
                p["created"].Value = t0.AddMinutes(i);
                p["order"].Value = (long)i;
                p["tags"].Value = i % 10 == 0 ? ",ten," : "";
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        var queries = _factory.Services.GetRequiredService<RunQueries>();
        var best = await queries.PageAsync(new RunFilter(), new RunSort(RunSortColumn.TestAccuracy), 1, 50);
        var deep = await queries.PageAsync(new RunFilter { Model = "resnet9" }, new RunSort(RunSortColumn.Created), 40, 50);
        var tagged = await queries.PageAsync(new RunFilter { Tag = "ten", MinAccuracy = 0.5 }, new RunSort(RunSortColumn.Parameters, false), 2, 50);

        Assert.Equal(10_000, best.Total);
        Assert.Equal(50, best.Rows.Count);
        Assert.True(best.Rows.Zip(best.Rows.Skip(1)).All(p => p.First.TestAccuracy >= p.Second.TestAccuracy));
        Assert.Equal(2_500, deep.Total);
        Assert.All(deep.Rows, r => Assert.Equal("resnet9", r.Model));
        Assert.All(tagged.Rows, r => Assert.Contains("ten", r.TagList));

        // The page is cut by the database: the query PageAsync runs sorts and pages in SQL and selects only the
        // table's columns, so a page costs 50 rows, not 10 000 materialised and sorted in memory.
        await using var reading = _factory.CreateDbContext();
        var sql = RunQueries.PageQuery(reading.Runs, new RunFilter { Model = "resnet9" }, new RunSort(RunSortColumn.Created), 40, 50).ToQueryString();
        Assert.Contains("ORDER BY", sql, StringComparison.Ordinal);
        Assert.Contains("LIMIT", sql, StringComparison.Ordinal);
        Assert.Contains("OFFSET", sql, StringComparison.Ordinal);
        Assert.Contains("\"r\".\"Model\" = ", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("ConfigJson", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leaderboard_columns_are_indexed()
    {
        _ = _factory.Services;
        await using var db = _factory.CreateDbContext();
        var indexes = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Runs'").ToListAsync();

        foreach (var column in new[] { "TestAccuracy", "CreatedAt", "Model", "TrainSeconds", "Epochs", "ParameterCount", "Status_QueueOrder" })
        {
            Assert.Contains($"IX_Runs_{column}", indexes);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CifarLab.Web.Api;
using CifarLab.Web.Tests.Accounts;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Groups;

/// <summary>"Repeat with N seeds" through the real host, real SQLite and the scripted engine.</summary>
public sealed class SeedGroupTests
{
    private static JsonObject GroupBody(RunConfig config, int seeds, string name = "seeds")
    {
        var body = TinyRuns.Body(config, name, "sweep");
        body["seeds"] = seeds;
        return body;
    }

    private static async Task<GroupDto> CreateAsync(HttpClient client, RunConfig config, int seeds, string name = "seeds")
    {
        using var response = await client.PostAsJsonAsync("/api/groups", GroupBody(config, seeds, name));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/groups: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonSerializer.Deserialize<GroupDto>(text, TinyRuns.ApiJson)!;
    }

    [Fact]
    public async Task A_group_queues_N_runs_with_consecutive_seeds_and_the_same_config_otherwise()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();
        var config = TinyRuns.Config(epochs: 3) with { Seed = 100 };

        var group = await CreateAsync(client, config, 3, "lr sweep");

        Assert.Equal([100, 101, 102], group.Seeds);
        Assert.Equal(3, group.Size);
        Assert.Equal(0, group.Finished);
        Assert.Equal([100, 101, 102], group.Runs.Select(r => r.Seed));
        Assert.All(group.Runs, r => Assert.Equal("Queued", r.Status));
        Assert.Equal(["lr sweep (seed 100)", "lr sweep (seed 101)", "lr sweep (seed 102)"], group.Runs.Select(r => r.Name));
        await using var db = factory.CreateDbContext();
        var runs = await db.Runs.Where(r => r.GroupId == group.Id).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal(config with { Seed = RunConfig.FromJson(r.ConfigJson).Seed }, RunConfig.FromJson(r.ConfigJson)));
        Assert.All(runs, r => Assert.Equal(["sweep"], r.TagList));

        var read = await client.GetFromJsonAsync<GroupDto>($"/api/groups/{group.Id}", TinyRuns.ApiJson);
        Assert.Equal(group.Runs.Select(r => r.Id), read!.Runs.Select(r => r.Id));
    }

    [Fact]
    public async Task Mean_and_sample_std_come_from_the_finished_runs_accuracies_and_times()
    {
        var engine = new ScriptedEngine();
        await using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();
        var group = await CreateAsync(client, TinyRuns.Config(epochs: 1), 4);
        // Three finish with known numbers; the fourth stays queued behind them (one worker slot), so 3 of 4 finished.
        (double Accuracy, double Seconds)[] known = [(0.80, 10), (0.90, 20), (0.85, 60)];
        for (var i = 0; i < known.Length; i++)
        {
            var run = engine.Run(group.Runs[i].Id);
            var request = await run.Started.WaitAsync(ScriptedEngine.Patience);
            var result = run.ResultFor(request.Config);
            await run.Complete(result with { Test = result.Test with { Accuracy = known[i].Accuracy }, TrainSeconds = known[i].Seconds });
            await TinyRuns.WaitForStatusAsync(client, group.Runs[i].Id, "Completed");
        }

        var stats = (await client.GetFromJsonAsync<GroupDto>($"/api/groups/{group.Id}", TinyRuns.ApiJson))!;

        Assert.Equal(3, stats.Finished);
        Assert.Equal(4, stats.Size);
        Assert.Equal(3, stats.TestAccuracy.Count);
        Assert.Equal(0.85, stats.TestAccuracy.Mean!.Value, 12);
        Assert.Equal(0.05, stats.TestAccuracy.Std!.Value, 12); // sqrt((0.0025 + 0.0025 + 0) / 2)
        Assert.Equal(30, stats.TrainSeconds.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt((400 + 100 + 900) / 2.0), stats.TrainSeconds.Std!.Value, 12);
        await engine.Run(group.Runs[3].Id).Complete();
    }

    [Fact]
    public async Task Repeat_makes_a_group_from_a_runs_config_starting_at_its_seed()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();
        var source = await TinyRuns.LaunchAsync(client, TinyRuns.Config() with { Seed = 7 }, "baseline");

        using var response = await client.PostAsync($"/api/runs/{source}/repeat?seeds=2", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var group = (await response.Content.ReadFromJsonAsync<GroupDto>(TinyRuns.ApiJson))!;
        Assert.Equal([7, 8], group.Seeds);
        Assert.Equal(source, group.SourceRunId);
        Assert.Equal(["baseline (seed 7)", "baseline (seed 8)"], group.Runs.Select(r => r.Name));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(21)]
    public async Task A_seed_count_out_of_range_is_a_400_naming_seeds(int seeds)
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/groups", GroupBody(TinyRuns.Config(), seeds));

        Assert.Contains("seeds", await FieldProblems.Of(response));
        await using var db = factory.CreateDbContext();
        Assert.Equal(0, await db.Groups.CountAsync());
        Assert.Equal(0, await db.Runs.CountAsync());
    }

    [Fact]
    public async Task An_unknown_group_is_a_404_problem()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        using var response = await factory.CreateClient().GetAsync("/api/groups/999");
        Assert.Contains("Group 999", await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }
}

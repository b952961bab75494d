using System.Net;
using System.Net.Http.Json;
using CifarLab.Web.Api;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Groups;

/// <summary>Re-run offers a new seed (the default), the same seed, or a given one, and says the seed in the name.</summary>
public sealed class RerunSeedTests : IAsyncDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private async Task<RunDetailDto> RerunAsync(int id, string query)
    {
        var client = _factory.CreateClient();
        using var response = await client.PostAsync($"/api/runs/{id}/rerun{query}", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reply = (await response.Content.ReadFromJsonAsync<CommandReply>(TinyRuns.ApiJson))!;
        return await TinyRuns.GetAsync(client, reply.NewRunId!.Value);
    }

    [Fact]
    public async Task A_rerun_takes_a_new_seed_by_default_and_names_it()
    {
        var id = await TinyRuns.LaunchAsync(_factory.CreateClient(), TinyRuns.Config() with { Seed = 42 }, "baseline");

        var rerun = await RerunAsync(id, "");

        Assert.NotEqual(42, rerun.Config.Seed);
        Assert.Equal($"baseline (seed {rerun.Config.Seed})", rerun.Name);
        Assert.Equal(TinyRuns.Config() with { Seed = rerun.Config.Seed }, rerun.Config);
        Assert.Equal(id, rerun.SourceRunId);
    }

    [Fact]
    public async Task Same_repeats_the_seed_and_a_number_sets_it_without_stacking_suffixes()
    {
        var id = await TinyRuns.LaunchAsync(_factory.CreateClient(), TinyRuns.Config() with { Seed = 42 }, "baseline");

        var same = await RerunAsync(id, "?seed=same");
        var given = await RerunAsync(same.Id, "?seed=7");

        Assert.Equal(42, same.Config.Seed);
        Assert.Equal("baseline (seed 42)", same.Name);
        Assert.Equal(7, given.Config.Seed);
        Assert.Equal("baseline (seed 7)", given.Name);
    }

    [Fact]
    public async Task A_seed_that_is_not_same_new_or_a_number_is_a_400_naming_seed()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "baseline");

        using var response = await client.PostAsync($"/api/runs/{id}/rerun?seed=later", null);

        Assert.Contains("seed", await FieldProblems.Of(response));
    }
}

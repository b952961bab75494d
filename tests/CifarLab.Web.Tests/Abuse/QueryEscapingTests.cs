using System.Net.Http.Json;
using System.Text.Json;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>Search text is matched as typed (LIKE's wildcards are escaped), and a page past the end is empty.</summary>
public sealed class QueryEscapingTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    private async Task<List<string>> NamesAsync(string query)
    {
        var json = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/runs?" + query);
        return [.. json.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()!)];
    }

    [Fact]
    public async Task Wildcards_in_search_and_tag_match_only_themselves()
    {
        var client = _factory.CreateClient();
        await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "plain run");
        await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "100% done");
        await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "snake_case");
        await TinyRuns.LaunchAsync(client, TinyRuns.Config(), @"back\slash");

        Assert.Equal(["100% done"], await NamesAsync("search=%25"));
        Assert.Equal(["snake_case"], await NamesAsync("search=_"));
        Assert.Equal([@"back\slash"], await NamesAsync("search=%5C"));
        Assert.Equal(["plain run"], await NamesAsync("search=run"));
        Assert.Empty(await NamesAsync("tag=%25"));
    }

    [Fact]
    public async Task The_last_possible_page_is_empty_not_the_first_page()
    {
        await TinyRuns.LaunchAsync(_factory.CreateClient(), TinyRuns.Config(), "only");

        var json = await _factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/runs?page={int.MaxValue}");

        Assert.Empty(json.GetProperty("items").EnumerateArray());
        Assert.Equal(1, json.GetProperty("total").GetInt32());
    }
}

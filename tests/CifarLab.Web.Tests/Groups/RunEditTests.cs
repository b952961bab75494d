using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Groups;

/// <summary>PATCH /api/runs/{id}: name, tags and notes editable after launch under the launch's text rules.</summary>
public sealed class RunEditTests : IAsyncDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private static HttpRequestMessage Patch(int id, JsonObject body) =>
        new(HttpMethod.Patch, $"/api/runs/{id}") { Content = JsonContent.Create(body) };

    [Fact]
    public async Task Name_tags_and_notes_change_and_absent_fields_stay()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "first name");

        using var renamed = await client.SendAsync(Patch(id, new JsonObject { ["name"] = "better name", ["tags"] = new JsonArray("a", "b") }));
        using var noted = await client.SendAsync(Patch(id, new JsonObject { ["notes"] = "lr too high?" }));

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noted.StatusCode);
        var run = await TinyRuns.GetAsync(client, id);
        Assert.Equal("better name", run.Name);
        Assert.Equal(["a", "b"], run.Tags);
        Assert.Equal("lr too high?", run.Notes);
    }

    [Theory]
    [InlineData("name", "bad\u202Ename")]
    [InlineData("name", " ")]
    [InlineData("notes", "nul\0here")]
    public async Task Bad_text_is_a_400_naming_the_field_and_changes_nothing(string field, string value)
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "kept");

        using var response = await client.SendAsync(Patch(id, new JsonObject { [field] = value }));

        Assert.Equal([field], await FieldProblems.Of(response));
        Assert.Equal("kept", (await TinyRuns.GetAsync(client, id)).Name);
    }

    [Fact]
    public async Task Bad_tags_and_unknown_fields_are_400s_naming_them()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "kept");

        using var tags = await client.SendAsync(Patch(id, new JsonObject { ["tags"] = new JsonArray("has space") }));
        using var unknown = await client.SendAsync(Patch(id, new JsonObject { ["status"] = "Completed" }));

        Assert.Equal(["tags"], await FieldProblems.Of(tags));
        Assert.Equal(["status"], await FieldProblems.Of(unknown));
    }

    [Fact]
    public async Task Editing_a_run_that_does_not_exist_is_a_404()
    {
        using var response = await _factory.CreateClient().SendAsync(Patch(999, new JsonObject { ["name"] = "x" }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Tests.Api;

/// <summary>Bad input is refused at the edge with problem details naming each field; nothing reaches the queue.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    private Task<JsonElement> PostExpecting400(HttpContent content) => PostExpecting400(_factory, content);

    private static async Task<JsonElement> PostExpecting400(LabFactory factory, HttpContent content)
    {
        var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/runs", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors");
    }

    [Fact]
    public async Task Every_invalid_field_is_named_with_what_is_allowed()
    {
        var config = TinyRuns.Config() with { LearningRate = -1, BatchSize = 0, Model = "no-such-net" };
        var body = TinyRuns.Body(config, "bad");
        body["tags"] = new JsonArray("ok", "not ok!");

        var errors = await PostExpecting400(JsonContent.Create(body));

        Assert.Contains("greater than 0", errors.GetProperty("config.learningRate")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("at least 1", errors.GetProperty("config.batchSize")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("tutorial-cnn", errors.GetProperty("config.model")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not ok!", errors.GetProperty("tags")[0].GetString(), StringComparison.Ordinal);
        await using var db = _factory.CreateDbContext();
        Assert.Equal(0, await db.Runs.CountAsync());
    }

    [Fact]
    public async Task A_wrong_enum_value_lists_the_allowed_values()
    {
        var json = """{ "config": { "model": "tutorial-cnn", "optimizer": "rmsprop" } }""";

        var errors = await PostExpecting400(new StringContent(json, Encoding.UTF8, "application/json"));

        var message = errors.GetProperty("config.optimizer")[0].GetString();
        Assert.Contains("sgd", message, StringComparison.Ordinal);
        Assert.Contains("adamW", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_and_a_missing_config_are_refused()
    {
        var unknown = await PostExpecting400(new StringContent("""{ "config": { "learningRat": 0.1 } }""", Encoding.UTF8, "application/json"));
        Assert.Contains(unknown.EnumerateObject(), p => p.Name.StartsWith("config", StringComparison.Ordinal));

        var missing = await PostExpecting400(new StringContent("""{ "name": "x" }""", Encoding.UTF8, "application/json"));
        Assert.True(missing.TryGetProperty("config", out _));

        var malformed = await PostExpecting400(new StringContent("""{ "config": { "epochs": "many" } }""", Encoding.UTF8, "application/json"));
        Assert.Contains("whole number", malformed.GetProperty("config.epochs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cuda_device_on_a_machine_without_cuda_is_refused_with_the_alternative()
    {
        // Only a host that trains knows its devices (a UI-only host queues for workers elsewhere and loads no backend).
        await using var training = new LabFactory(LabFactory.NewDataDirectory());
        var errors = await PostExpecting400(training, JsonContent.Create(TinyRuns.Body(TinyRuns.Config() with { Device = "cuda:0" })));

        var message = errors.GetProperty("config.device")[0].GetString();
        Assert.Contains("CUDA", message, StringComparison.Ordinal);
        Assert.Contains("cpu", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_run_is_queued_and_listed()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "queued-only");

        var run = await TinyRuns.GetAsync(client, id);
        Assert.Equal("Queued", run.Status);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/runs?search=queued-only");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }
}

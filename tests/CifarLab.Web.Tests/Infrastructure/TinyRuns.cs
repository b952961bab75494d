using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CifarLab.Training.Training;
using CifarLab.Web.Api;

namespace CifarLab.Web.Tests.Infrastructure;

/// <summary>Tiny configs and the HTTP calls every API test needs.</summary>
public static class TinyRuns
{
    /// <summary>tutorial-cnn on the generated data: a second or two per epoch on 2 cores.</summary>
    public static RunConfig Config(int epochs = 1) => new()
    {
        Model = "tutorial-cnn",
        Epochs = epochs,
        BatchSize = 32,
        LearningRate = 0.05,
        TrainLimit = TestDataset.TrainCount,
        TestLimit = TestDataset.TestCount,
        Device = "cpu",
    };

    public static JsonObject Body(RunConfig config, string name = "tiny", params string[] tags) => new()
    {
        ["name"] = name,
        ["tags"] = new JsonArray(tags.Select(t => (JsonNode)t!).ToArray()),
        ["config"] = JsonNode.Parse(config.ToJson()),
    };

    public static async Task<int> LaunchAsync(HttpClient client, RunConfig config, string name = "tiny")
    {
        using var response = await client.PostAsJsonAsync("/api/runs", Body(config, name));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/runs: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    public static async Task<RunDetailDto> GetAsync(HttpClient client, int id)
    {
        var dto = await client.GetFromJsonAsync<RunDetailDto>($"/api/runs/{id}", ApiJson);
        return dto ?? throw new InvalidOperationException("empty run");
    }

    /// <summary>Polls until the run's status satisfies the predicate; fails the test on timeout.</summary>
    public static async Task<RunDetailDto> WaitForAsync(HttpClient client, int id, Func<RunDetailDto, bool> until, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        RunDetailDto run;
        do
        {
            run = await GetAsync(client, id);
            if (until(run))
            {
                return run;
            }
            await Task.Delay(150);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Run {id} stayed {run.Status} ({run.Phase}; {run.Error}) for {seconds}s.");
    }

    /// <summary>Waits for a status; a run that fails instead fails the test with the run's own error.</summary>
    public static async Task<RunDetailDto> WaitForStatusAsync(HttpClient client, int id, string status, int seconds = 120)
    {
        var run = await WaitForAsync(client, id, r => r.Status == status || (status != "Failed" && r.Status == "Failed"), seconds);
        Assert.True(run.Status == status, $"Run {id} ended {run.Status}, not {status}: {run.Error}");
        return run;
    }

    public static readonly JsonSerializerOptions ApiJson = CreateApiJson();

    private static JsonSerializerOptions CreateApiJson()
    {
        var o = new JsonSerializerOptions(RunConfig.Json) { WriteIndented = false };
        return o;
    }
}

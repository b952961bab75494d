using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CifarLab.Training.Training;

namespace CifarLab.E2E.Infrastructure;

/// <summary>
/// The app's REST API over loopback: setup the scenario does not need to click through (a run that
/// keeps the worker busy) and exact values to hold the page against.
/// </summary>
public sealed class LabApi(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<int> LaunchAsync(RunConfig config, string name)
    {
        var body = new JsonObject { ["name"] = name, ["config"] = JsonNode.Parse(config.ToJson()) };
        using var response = await _http.PostAsJsonAsync(new Uri("api/runs", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/runs: {(int)response.StatusCode} {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("id").GetInt32();
    }

    public async Task CancelAsync(int id)
    {
        using var response = await _http.PostAsync(new Uri($"api/runs/{id}/cancel", UriKind.Relative), null);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/runs/{id}/cancel: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>GET /api/runs/{id} as a JSON tree (status, testAccuracy, metrics, ...).</summary>
    public async Task<JsonElement> GetRunAsync(int id)
    {
        var text = await _http.GetStringAsync(new Uri($"api/runs/{id}", UriKind.Relative));
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async Task<int> CountRunsAsync()
    {
        var text = await _http.GetStringAsync(new Uri("api/runs", UriKind.Relative));
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("total").GetInt32();
    }

    public async Task<JsonElement> WaitForStatusAsync(int id, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement run;
        do
        {
            run = await GetRunAsync(id);
            var now = run.GetProperty("status").GetString();
            if (now == status)
            {
                return run;
            }
            Assert.False(now is "Failed" && status != "Failed", $"Run {id} failed: {run.GetProperty("error")}");
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Run {id} is still {run.GetProperty("status")} after {timeout.TotalSeconds:F0}s, not {status}.");
    }

    /// <summary>
    /// Wall-clock seconds per epoch of a running run, timed over <paramref name="epochs"/> epochs after
    /// its first one (which carries the start-up). Tests size their runs with it, so a run lasts long
    /// enough to be watched on a fast machine and not needlessly long on a slow one.
    /// </summary>
    public async Task<double> MeasureEpochSecondsAsync(int id, int epochs, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var first = await WaitForEpochsAsync(id, 1, deadline);
        var start = DateTime.UtcNow;
        var last = await WaitForEpochsAsync(id, first + epochs, deadline);
        return (DateTime.UtcNow - start).TotalSeconds / (last - first);
    }

    private async Task<int> WaitForEpochsAsync(int id, int atLeast, DateTime deadline)
    {
        while (true)
        {
            var run = await GetRunAsync(id);
            var done = run.GetProperty("completedEpochs").GetInt32();
            if (done >= atLeast)
            {
                return done;
            }
            var status = run.GetProperty("status").GetString();
            Assert.True(status is "Queued" or "Running", $"Run {id} is {status} after {done} epochs, before reaching {atLeast}.");
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Run {id} has {done} epochs, not {atLeast}, at the deadline.");
            }
            await Task.Delay(20);
        }
    }

    public void Dispose() => _http.Dispose();
}

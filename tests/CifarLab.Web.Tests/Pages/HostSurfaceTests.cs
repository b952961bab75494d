using System.Net;
using System.Text.Json;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Pages;

/// <summary>Every page renders, the static files (ours and the framework's) are served, and the docs exist.</summary>
public sealed class HostSurfaceTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/", "CifarLab")]
    [InlineData("/runs/new", "Queue run")]
    [InlineData("/runs", "Leaderboard")]
    [InlineData("/queue", "Queue")]
    [InlineData("/compare", "Compare runs")]
    public async Task Pages_render(string path, string expected)
    {
        var html = await _factory.CreateClient().GetStringAsync(path);

        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_page_renders_its_config()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "page");

        var html = await client.GetStringAsync($"/runs/{id}");

        Assert.Contains("tutorial-cnn", html, StringComparison.Ordinal);
        Assert.Contains("data-series-length=\"0\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/_framework/blazor.web.js", 100_000)]
    [InlineData("/lib/apexcharts/apexcharts.min.js", 100_000)]
    [InlineData("/js/charts.js", 200)]
    [InlineData("/css/site.css", 200)]
    public async Task Static_files_are_served(string path, int minBytes)
    {
        var bytes = await _factory.CreateClient().GetByteArrayAsync(path);

        Assert.True(bytes.Length >= minBytes, $"{path}: {bytes.Length} bytes");
    }

    [Fact]
    public async Task Health_of_a_host_that_does_not_train_reports_the_database_and_dataset_without_loading_the_backend()
    {
        using var response = await _factory.CreateClient().GetAsync("/health");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.GetProperty("database").GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("backend").ValueKind);
        Assert.False(json.GetProperty("worker").GetProperty("enabled").GetBoolean());
        Assert.Equal("healthy", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_reports_the_backend_and_the_database()
    {
        await using var training = new LabFactory(LabFactory.NewDataDirectory());
        using var response = await training.CreateClient().GetAsync("/health");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.GetProperty("database").GetProperty("ok").GetBoolean());
        Assert.True(json.GetProperty("backend").GetProperty("ok").GetBoolean());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("backend").GetProperty("libTorchVersion").GetString()));
        Assert.Equal("ready", json.GetProperty("dataset").GetProperty("state").GetString());
        // The generated test dataset is allowed (Dataset:AllowUnofficial) and reported as what it is.
        Assert.False(json.GetProperty("dataset").GetProperty("official").GetBoolean());
        Assert.Equal("healthy", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_api_is_described_by_openapi()
    {
        var doc = await _factory.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/runs/{id}/checkpoint", doc, StringComparison.Ordinal);
        Assert.Contains("/health", doc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leaderboard_exports_csv()
    {
        var client = _factory.CreateClient();
        await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "csv, \"quoted\"");

        var csv = await client.GetStringAsync("/api/runs/export.csv");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,name,model,status", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",official_data", lines[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Contains("\"csv, \"\"quoted\"\"\"", lines[1], StringComparison.Ordinal);
    }
}

using System.Net;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Api;

/// <summary>A download names a file relative to its run's folder and can never leave it.</summary>
public sealed class DownloadSafetyTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("../2/secret.txt")]
    [InlineData("../../cifarlab.db")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../2/secret.txt")]
    public async Task A_path_outside_the_runs_folder_is_refused(string path)
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "files");
        var checkpoints = Path.Combine(_factory.DataDirectory, "checkpoints");
        Directory.CreateDirectory(Path.Combine(checkpoints, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Directory.CreateDirectory(Path.Combine(checkpoints, "2"));
        await File.WriteAllTextAsync(Path.Combine(checkpoints, "2", "secret.txt"), "another run's file");

        using var response = await client.GetAsync($"/api/runs/{id}/files?path={Uri.EscapeDataString(path)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("another run's file", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_inside_the_runs_folder_is_streamed()
    {
        var client = _factory.CreateClient();
        var id = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "files");
        var dir = Path.Combine(_factory.DataDirectory, "checkpoints", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "notes.txt"), "hello");

        var text = await client.GetStringAsync($"/api/runs/{id}/files?path=notes.txt");

        Assert.Equal("hello", text);
    }
}

using System.Net;
using System.Text.Json;
using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>/health says the verdict to anyone and the report (paths, versions, errors) only to admins.</summary>
public sealed class HealthVisibilityTests
{
    private static async Task<(HttpStatusCode Code, JsonElement Body)> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static void AssertStatusOnly(JsonElement body, string status)
    {
        Assert.Equal(["status"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(status, body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Anonymous_viewers_and_runners_get_the_status_alone_and_an_admin_the_report()
    {
        using var lab = new SignedInLab();

        foreach (var client in new[] { lab.Anonymous(), await lab.ClientAsync("vic", LabRole.Viewer), await lab.ClientAsync("rita", LabRole.Runner) })
        {
            var (code, body) = await HealthAsync(client);
            Assert.Equal(HttpStatusCode.OK, code);
            AssertStatusOnly(body, "healthy");
        }

        var (adminCode, report) = await HealthAsync(await lab.ClientAsync(SignedInLab.AdminName, LabRole.Admin));
        Assert.Equal(HttpStatusCode.OK, adminCode);
        Assert.Equal("healthy", report.GetProperty("status").GetString());
        Assert.Contains(lab.Factory.DataDirectory, report.GetProperty("database").GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.True(report.TryGetProperty("dataset", out _));
        Assert.True(report.TryGetProperty("worker", out _));
    }

    [Fact]
    public async Task A_degraded_lab_is_503_degraded_for_everyone_with_the_reason_for_admins_only()
    {
        var missing = Path.Combine(LabFactory.NewDataDirectory(), "no-such-archive.tar.gz");
        using var lab = new SignedInLab(new Dictionary<string, string> { ["Dataset:Source"] = missing });

        var (code, body) = await HealthAsync(await lab.ClientAsync("vic", LabRole.Viewer));
        var (adminCode, report) = await HealthAsync(await lab.ClientAsync(SignedInLab.AdminName, LabRole.Admin));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        AssertStatusOnly(body, "degraded");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, adminCode);
        Assert.Equal("degraded", report.GetProperty("status").GetString());
        Assert.Equal("invalid", report.GetProperty("dataset").GetProperty("state").GetString(), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_implicit_local_admin_gets_the_report_without_signing_in()
    {
        using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);

        var (code, report) = await HealthAsync(factory.CreateClient());

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.True(report.GetProperty("database").GetProperty("ok").GetBoolean());
    }
}

using System.Net;
using System.Net.Http.Json;
using CifarLab.Web.Accounts;
using CifarLab.Web.Api;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>With sign-in required: who may read, launch and control runs through the REST API.</summary>
public sealed class RoleAccessTests : IDisposable
{
    private readonly SignedInLab _lab = new();

    public void Dispose() => _lab.Dispose();

    [Fact]
    public async Task An_anonymous_call_is_401_problem_json_and_health_stays_open()
    {
        var client = _lab.Anonymous();

        using var list = await client.GetAsync("/api/runs");
        var detail = await ProblemAssert.IsProblem(list, HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", detail, StringComparison.Ordinal);
        using var launch = await client.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config()));
        await ProblemAssert.IsProblem(launch, HttpStatusCode.Unauthorized);
        using var csv = await client.GetAsync("/api/runs/export.csv");
        await ProblemAssert.IsProblem(csv, HttpStatusCode.Unauthorized);

        using var health = await client.GetAsync("/health");
        Assert.NotEqual(HttpStatusCode.Unauthorized, health.StatusCode);
    }

    [Fact]
    public async Task A_page_request_without_sign_in_is_sent_to_the_sign_in_page()
    {
        var client = _lab.Factory.CreateClient(new() { AllowAutoRedirect = false });

        using var page = await client.GetAsync("/runs");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(AuthProblems.SignInPath, page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_runs_but_cannot_launch_or_cancel()
    {
        var runner = await _lab.ClientAsync("rita", LabRole.Runner);
        var viewer = await _lab.ClientAsync("victor", LabRole.Viewer);
        var id = await TinyRuns.LaunchAsync(runner, TinyRuns.Config(), "rita's");

        Assert.Equal("rita's", (await TinyRuns.GetAsync(viewer, id)).Name);
        (await viewer.GetAsync("/api/runs")).EnsureSuccessStatusCode();
        using var launch = await viewer.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config()));
        await ProblemAssert.IsProblem(launch, HttpStatusCode.Forbidden);
        using var cancel = await viewer.PostAsync($"/api/runs/{id}/cancel", null);
        await ProblemAssert.IsProblem(cancel, HttpStatusCode.Forbidden);
        Assert.Equal("Queued", (await TinyRuns.GetAsync(viewer, id)).Status);
    }

    [Fact]
    public async Task A_runner_controls_its_own_runs_only_and_an_admin_controls_all()
    {
        var rita = await _lab.ClientAsync("rita", LabRole.Runner);
        var rob = await _lab.ClientAsync("rob", LabRole.Runner);
        var admin = await _lab.ClientAsync(SignedInLab.AdminName, LabRole.Admin);
        var ritas = await TinyRuns.LaunchAsync(rita, TinyRuns.Config(), "rita's");
        var robs = await TinyRuns.LaunchAsync(rob, TinyRuns.Config(), "rob's");
        Assert.Equal("rita", (await TinyRuns.GetAsync(rob, ritas)).Owner);

        using var notHers = await rita.PostAsync($"/api/runs/{robs}/cancel", null);
        Assert.Contains("belongs to rob", await ProblemAssert.IsProblem(notHers, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        using var notHersToDelete = await rita.DeleteAsync($"/api/runs/{robs}");
        await ProblemAssert.IsProblem(notHersToDelete, HttpStatusCode.Forbidden);
        using var notHersToMove = await rita.PostAsync($"/api/runs/{robs}/move?to=top", null);
        await ProblemAssert.IsProblem(notHersToMove, HttpStatusCode.Forbidden);

        (await rita.PostAsync($"/api/runs/{ritas}/cancel", null)).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/runs/{robs}/cancel", null)).EnsureSuccessStatusCode();
        Assert.Equal("Cancelled", (await TinyRuns.GetAsync(rita, ritas)).Status);
        Assert.Equal("Cancelled", (await TinyRuns.GetAsync(rita, robs)).Status);

        // A re-run belongs to whoever asked for it.
        using var rerun = await rita.PostAsync($"/api/runs/{ritas}/rerun", null);
        rerun.EnsureSuccessStatusCode();
        var copy = (await rerun.Content.ReadFromJsonAsync<CommandReply>())!.NewRunId!.Value;
        Assert.Equal("rita", (await TinyRuns.GetAsync(rita, copy)).Owner);
        (await admin.DeleteAsync($"/api/runs/{copy}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_leaderboard_and_its_csv_filter_by_owner()
    {
        var rita = await _lab.ClientAsync("rita", LabRole.Runner);
        var rob = await _lab.ClientAsync("rob", LabRole.Runner);
        var ritas = await TinyRuns.LaunchAsync(rita, TinyRuns.Config(), "rita's");
        await TinyRuns.LaunchAsync(rob, TinyRuns.Config(), "rob's");

        var page = await rob.GetFromJsonAsync<RunListDto>("/api/runs?owner=rita", TinyRuns.ApiJson);
        Assert.Equal([ritas], page!.Items.Select(r => r.Id));
        Assert.Equal("rita", page.Items[0].Owner);
        var all = await rob.GetFromJsonAsync<RunListDto>("/api/runs", TinyRuns.ApiJson);
        Assert.Equal(2, all!.Total);

        var csv = (await rob.GetStringAsync("/api/runs/export.csv?owner=rita")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(",owner,", csv[0], StringComparison.Ordinal);
        Assert.Single(csv.Skip(1));
        Assert.Contains(",rita,", csv[1], StringComparison.Ordinal);
    }
}

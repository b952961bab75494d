using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>Per-account limits on queued runs and queued compute, enforced at launch with a 429 naming the setting.</summary>
public sealed class QuotaTests
{
    [Fact]
    public async Task A_launch_over_the_queued_run_limit_is_429_naming_the_setting_and_others_are_unaffected()
    {
        using var lab = new SignedInLab(new Dictionary<string, string> { [AuthSettings.MaxQueuedRunsKey] = "2" });
        var rita = await lab.ClientAsync("rita", LabRole.Runner);
        var rob = await lab.ClientAsync("rob", LabRole.Runner);
        var first = await TinyRuns.LaunchAsync(rita, TinyRuns.Config());
        await TinyRuns.LaunchAsync(rita, TinyRuns.Config());

        using var third = await rita.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config()));
        var detail = await ProblemAssert.IsProblem(third, (HttpStatusCode)429);
        Assert.Contains(AuthSettings.MaxQueuedRunsKey, detail, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(await third.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(AuthSettings.MaxQueuedRunsKey, problem.GetProperty("limit").GetString());
        using var rerun = await rita.PostAsync($"/api/runs/{first}/rerun", null);
        await ProblemAssert.IsProblem(rerun, (HttpStatusCode)429);

        await TinyRuns.LaunchAsync(rob, TinyRuns.Config());
        (await rita.PostAsync($"/api/runs/{first}/cancel", null)).EnsureSuccessStatusCode();
        await TinyRuns.LaunchAsync(rita, TinyRuns.Config());
    }

    [Fact]
    public async Task A_burst_of_parallel_launches_queues_exactly_up_to_the_limit()
    {
        using var lab = new SignedInLab(new Dictionary<string, string> { [AuthSettings.MaxQueuedRunsKey] = "3" });
        var rita = await lab.ClientAsync("rita", LabRole.Runner);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => rita.PostAsJsonAsync("/api/runs", TinyRuns.Body(TinyRuns.Config()))));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, answers.Count(a => a.StatusCode == (HttpStatusCode)429));
        foreach (var a in answers)
        {
            a.Dispose();
        }
    }

    [Fact]
    public async Task A_launch_over_the_queued_compute_limit_is_429_naming_the_setting()
    {
        // Two 10-epoch runs on 1 000 images fit in 25 000 image-epochs; a third does not.
        using var lab = new SignedInLab(new Dictionary<string, string> { [AuthSettings.MaxQueuedImageEpochsKey] = "25000" });
        var rita = await lab.ClientAsync("rita", LabRole.Runner);
        var config = TinyRuns.Config(epochs: 10) with { TrainLimit = 1000 };
        Assert.Equal(10_000, RunQuotas.ImageEpochs(config));
        await TinyRuns.LaunchAsync(rita, config);
        await TinyRuns.LaunchAsync(rita, config);

        using var third = await rita.PostAsJsonAsync("/api/runs", TinyRuns.Body(config));

        var detail = await ProblemAssert.IsProblem(third, (HttpStatusCode)429);
        Assert.Contains(AuthSettings.MaxQueuedImageEpochsKey, detail, StringComparison.Ordinal);
        Assert.Contains("10,000", detail, StringComparison.Ordinal);
    }
}

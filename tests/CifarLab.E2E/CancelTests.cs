using CifarLab.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CifarLab.E2E;

public sealed class CancelApp : LabFixture
{
    protected override string Name => "cancel";
}

/// <summary>Issue 4, step 5: a running run and a queued one are cancelled from the pages and marked Cancelled.</summary>
public sealed class CancelTests(CancelApp app) : IClassFixture<CancelApp>
{
    [Fact]
    public async Task A_running_run_and_a_queued_run_are_cancelled_and_marked_cancelled()
    {
        await app.RunAsync("cancel", async page =>
        {
            await Ui.GotoAsync(page, "");
            var suffix = Guid.NewGuid().ToString("N")[..6];

            // A long run that trains, and a short one waiting behind it.
            var longRun = await Ui.LaunchThroughFormAsync(page, new TinyRun($"long-{suffix}", Epochs: 1000));
            await Ui.ExpectStatusAsync(page, "Running", Ui.RunTimeout);
            await Ui.WaitForProgressAboveAsync(page, 0);
            var queued = await Ui.LaunchThroughFormAsync(page, new TinyRun($"waiting-{suffix}", Epochs: 2));
            await Ui.ExpectStatusAsync(page, "Queued");

            // The queue page shows both; the waiting one is cancelled from there.
            await page.Locator("nav.topbar").GetByRole(AriaRole.Link, new() { Name = "Queue", Exact = true }).ClickAsync();
            await Ui.WaitInteractiveAsync(page);
            var longRow = page.Locator($"#queue tr[data-run-id='{longRun}']");
            var queuedRow = page.Locator($"#queue tr[data-run-id='{queued}']");
            await Expect(longRow.Locator(".badge")).ToHaveAttributeAsync("data-status", "Running");
            await Expect(queuedRow.Locator(".badge")).ToHaveAttributeAsync("data-status", "Queued");
            await Expect(longRow).ToContainTextAsync("epoch");
            await Screenshots.TakeAsync(page, "queue");
            // Cancel asks first; the run stays until the confirmation.
            await queuedRow.GetByRole(AriaRole.Button, new() { Name = "Cancel…" }).ClickAsync();
            await Expect(page.Locator("#cancel-dialog")).ToContainTextAsync($"Cancel run #{queued}?");
            await Expect(queuedRow.Locator(".badge")).ToHaveAttributeAsync("data-status", "Queued");
            await page.Locator("#confirm-cancel").ClickAsync();
            await Expect(queuedRow).ToHaveCountAsync(0);
            await Expect(longRow.Locator(".badge")).ToHaveAttributeAsync("data-status", "Running");

            // The running one is cancelled from its own page.
            await longRow.GetByRole(AriaRole.Link, new() { Name = $"long-{suffix}" }).ClickAsync();
            await Ui.WaitInteractiveAsync(page);
            await Ui.ExpectStatusAsync(page, "Running");
            await page.Locator("#cancel-run").ClickAsync();
            await page.Locator("#confirm-cancel").ClickAsync();
            await Ui.ExpectStatusAsync(page, "Cancelled", Ui.RunTimeout);
            await Expect(page.Locator("#progress")).ToHaveCountAsync(0);
            await Expect(page.Locator("#cancel-run")).ToHaveCountAsync(0);
            await Expect(page.Locator("#run-actions")).Not.ToContainTextAsync("Download weights");
            await Screenshots.TakeAsync(page, "run-cancelled", docs: false);
            var cancelled = await app.Api.GetRunAsync(longRun);
            Assert.True(cancelled.GetProperty("completedEpochs").GetInt32() < 1000, "The long run finished instead of stopping.");

            // The waiting one never trained.
            await Ui.GotoAsync(page, $"runs/{queued}");
            await Ui.ExpectStatusAsync(page, "Cancelled");
            await Expect(page.Locator("#no-curves")).ToContainTextAsync("No epoch finished");
            await Expect(page.Locator("#chart-loss")).ToHaveCountAsync(0);
            var never = await app.Api.GetRunAsync(queued);
            Assert.Equal(0, never.GetProperty("completedEpochs").GetInt32());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, never.GetProperty("startedAt").ValueKind);

            // Nothing is left to serve.
            await page.Locator("nav.topbar").GetByRole(AriaRole.Link, new() { Name = "Queue", Exact = true }).ClickAsync();
            await Ui.WaitInteractiveAsync(page);
            await Expect(page.Locator("#queue tbody")).ToContainTextAsync("Nothing queued or running");
        });
    }
}

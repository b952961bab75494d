using System.Text.RegularExpressions;
using CifarLab.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CifarLab.E2E;

public sealed class FormValidationApp : LabFixture
{
    protected override string Name => "form-validation";
}

/// <summary>Issue 4, step 7: invalid values get inline messages and nothing reaches the queue.</summary>
public sealed class FormValidationTests(FormValidationApp app) : IClassFixture<FormValidationApp>
{
    [Fact]
    public async Task Invalid_values_show_inline_messages_and_queue_nothing()
    {
        await app.RunAsync("form-validation", async page =>
        {
            await Ui.GotoAsync(page, "runs/new");
            await Ui.FillRunFormAsync(page, new TinyRun("invalid-" + Guid.NewGuid().ToString("N")[..6], Epochs: 1));
            await Ui.FillAsync(page, "f-Epochs", "0");
            await Ui.FillAsync(page, "f-LearningRate", "-1");
            await Ui.FillAsync(page, "f-BatchSize", "0");
            await Ui.FillAsync(page, "f-EmaDecay", "0.99");
            await Ui.FillAsync(page, "f-LookaheadEvery", "5");
            await Ui.FillAsync(page, "f-Device", "tpu");
            await Ui.FillAsync(page, "f-Tags", "ok, tag!");
            await page.Locator("#queue-run").ClickAsync();

            await Expect(page.Locator("#form-errors")).ToContainTextAsync("6 setting(s) need fixing");
            await Expect(Message(page, "f-Epochs")).ToContainTextAsync("(got 0)");
            await Expect(Message(page, "f-LearningRate")).ToContainTextAsync("(got -1)");
            await Expect(Message(page, "f-BatchSize")).ToContainTextAsync("(got 0)");
            await Expect(Message(page, "f-LookaheadEvery")).ToContainTextAsync("not both");
            await Expect(Message(page, "f-Device")).ToContainTextAsync("unknown device 'tpu'");
            await Expect(Message(page, "f-Tags")).ToContainTextAsync("Tag 'tag!' is not allowed");
            // Valid fields stay quiet.
            await Expect(Message(page, "f-TrainLimit")).ToHaveCountAsync(0);
            await Expect(Message(page, "f-Name")).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "new-run-invalid");

            // Still on the form, and the server holds no run.
            await Expect(page).ToHaveURLAsync(new Regex("/runs/new$"));
            Assert.Equal(0, await app.Api.CountRunsAsync());

            // Fixing a field clears its message as soon as the field changes; the others stay.
            await Ui.FillAsync(page, "f-Epochs", "1");
            await Expect(Message(page, "f-Epochs")).ToHaveCountAsync(0);
            await Expect(Message(page, "f-LearningRate")).ToContainTextAsync("(got -1)");
            await Expect(Message(page, "f-Tags")).ToContainTextAsync("Tag 'tag!' is not allowed");
            await Expect(page.Locator("#form-errors")).ToContainTextAsync("5 setting(s) need fixing");

            // The leaderboard agrees: nothing was queued.
            await page.Locator("nav.topbar").GetByRole(AriaRole.Link, new() { Name = "Leaderboard", Exact = true }).ClickAsync();
            await Ui.WaitInteractiveAsync(page);
            await Expect(page.Locator("#leaderboard")).ToHaveAttributeAsync("data-total", "0");
            await Expect(page.Locator("#leaderboard tbody")).ToContainTextAsync("No runs match");
            Assert.Equal(0, await app.Api.CountRunsAsync());
        });
    }

    /// <summary>The inline message under one input (inside the same labelled field).</summary>
    private static ILocator Message(IPage page, string inputId) =>
        page.Locator(".field").Filter(new() { Has = page.Locator("#" + inputId) }).Locator(".validation-message");
}

using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Components;

/// <summary>The New run form shows the engine's rules inline and queues only valid runs.</summary>
public sealed class NewRunFormTests : ComponentTestBase
{
    private static string MessageFor(IRenderedComponent<NewRun> page, string field) =>
        string.Join(" ", page.Find($"#f-{field}").ParentElement!.QuerySelectorAll(".validation-message").Select(e => e.TextContent));

    [Fact]
    public void An_invalid_value_shows_what_is_allowed_under_its_field()
    {
        var page = Render<NewRun>();

        page.Find("#f-LearningRate").Change("-1");
        page.Find("#f-BatchSize").Change("0");

        Assert.Contains("greater than 0", MessageFor(page, "LearningRate"), StringComparison.Ordinal);
        Assert.Contains("at least 1", MessageFor(page, "BatchSize"), StringComparison.Ordinal);
        Assert.Equal("", MessageFor(page, "Epochs"));
        Assert.Contains("invalid", page.Find("#f-LearningRate").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Drop_downs_name_settings_as_users_write_them_and_submit_the_enum_names()
    {
        var page = Render<NewRun>();

        string Label(string field, string value) => page.Find($"#f-{field} option[value='{value}']").TextContent;
        Assert.Equal("SGD", Label("Optimizer", "Sgd"));
        Assert.Equal("AdamW", Label("Optimizer", "AdamW"));
        Assert.Equal("Muon + SGD", Label("Optimizer", "Muon"));
        Assert.Equal("One-cycle", Label("Schedule", "OneCycle"));
        Assert.Equal("Linear decay", Label("Schedule", "LinearDecay"));
        Assert.Equal("Flip + translate", Label("Tta", "FlipTranslate"));
        Assert.Equal("bfloat16", Label("Precision", "BFloat16"));
        Assert.Equal("Batch", Label("Norm", "Batch"));
    }

    [Fact]
    public void Muon_shows_its_own_learning_rate_and_momentum_with_their_rules()
    {
        var page = Render<NewRun>();
        Assert.Empty(page.FindAll("#f-MuonLearningRate"));

        page.Find("#f-Optimizer").Change("Muon");
        page.Find("#f-MuonLearningRate").Change("0");

        Assert.Contains("greater than 0", MessageFor(page, "MuonLearningRate"), StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("#f-MuonMomentum"));
    }

    [Fact]
    public void Fixing_a_value_clears_its_message()
    {
        var page = Render<NewRun>();
        page.Find("#f-Dropout").Change("0.95");
        Assert.Contains("at most 0.9", MessageFor(page, "Dropout"), StringComparison.Ordinal);

        page.Find("#f-Dropout").Change("0");

        Assert.Equal("", MessageFor(page, "Dropout"));
    }

    [Fact]
    public async Task An_invalid_form_is_not_queued_and_a_valid_one_is()
    {
        var page = Render<NewRun>();
        page.Find("#f-Epochs").Change("0");
        page.Find("#f-Tags").Change("good, bad tag!");

        await page.Find("form").SubmitAsync();

        Assert.NotNull(page.Find("#form-errors"));
        Assert.Contains("at least 1", MessageFor(page, "Epochs"), StringComparison.Ordinal);
        Assert.Contains("'tag!'", MessageFor(page, "Tags"), StringComparison.Ordinal);
        await using (var db = CreateDbContext())
        {
            Assert.Equal(0, await db.Runs.CountAsync());
        }

        page.Find("#f-Epochs").Change("1");
        page.Find("#f-Tags").Change("good");
        await page.Find("form").SubmitAsync();

        await using var check = CreateDbContext();
        var run = await check.Runs.SingleAsync();
        Assert.Equal(1, run.Epochs);
        Assert.Equal(",good,", run.Tags);
        Assert.EndsWith($"runs/{run.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_a_model_shows_its_description_and_parameter_count()
    {
        var page = Render<NewRun>();

        page.Find("#f-Model").Change("resnet18");

        Assert.Contains("ResNet", page.Find("#model-info").TextContent, StringComparison.OrdinalIgnoreCase);
        var count = page.Find("[data-testid=param-count]").TextContent.Replace(",", "", StringComparison.Ordinal);
        Assert.True(long.Parse(count, System.Globalization.CultureInfo.InvariantCulture) > 1_000_000, count);
    }
}

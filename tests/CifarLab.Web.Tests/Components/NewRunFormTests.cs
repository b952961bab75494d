using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Lab;
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

    private static string HintFor(IRenderedComponent<NewRun> page, string field) =>
        page.Find($"#f-{field}").ParentElement!.QuerySelector(".hint")?.TextContent ?? "";

    private async Task<RunConfig> QueuedConfigAsync()
    {
        await using var db = CreateDbContext();
        return RunConfig.FromJson((await db.Runs.SingleAsync()).ConfigJson);
    }

    [Fact]
    public async Task Numbers_in_scientific_notation_are_accepted_and_queued_exactly()
    {
        var page = Render<NewRun>();

        page.Find("#f-LearningRate").Change("1e-3");
        page.Find("#f-WeightDecay").Change("5E-4");
        page.Find("#f-Dropout").Change(".25");
        page.Find("#f-Epochs").Change("1e0");

        Assert.Equal("", MessageFor(page, "LearningRate"));
        Assert.Equal("", MessageFor(page, "WeightDecay"));
        Assert.Equal("1e-3", page.Find("#f-LearningRate").GetAttribute("value"));
        await page.Find("form").SubmitAsync();

        var config = await QueuedConfigAsync();
        Assert.Equal(0.001, config.LearningRate);
        Assert.Equal(0.0005, config.WeightDecay);
        Assert.Equal(0.25, config.Dropout);
        Assert.Equal(1, config.Epochs);
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_named_under_its_field_with_the_range_and_not_queued()
    {
        var page = Render<NewRun>();

        page.Find("#f-LearningRate").Change("abc");
        page.Find("#f-Epochs").Change("2.5");

        var message = MessageFor(page, "LearningRate");
        Assert.Contains("'abc' is not a number", message, StringComparison.Ordinal);
        Assert.Contains("greater than 0, at most 100", message, StringComparison.Ordinal);
        Assert.Contains("'2.5' is not a whole number", MessageFor(page, "Epochs"), StringComparison.Ordinal);
        Assert.Contains("invalid", page.Find("#f-LearningRate").ClassName, StringComparison.Ordinal);
        Assert.Equal("abc", page.Find("#f-LearningRate").GetAttribute("value"));

        await page.Find("form").SubmitAsync();

        Assert.Contains("2 setting(s) need fixing", page.Find("#form-errors").TextContent, StringComparison.Ordinal);
        await using var db = CreateDbContext();
        Assert.Equal(0, await db.Runs.CountAsync());
    }

    /// <summary>A value no input of the kind can hold, so that every option shows the message of its own text.</summary>
    /// <summary>A choice (option and value) under which <paramref name="option"/> applies, from the schema's own rules.</summary>
    private static (ChoiceOption Choice, string Value) ChoiceThatShows(RunOption option) =>
        RunOptions.All.OfType<ChoiceOption>()
            .SelectMany(c => c.Choices.Select(v => (Choice: c, v.Value)))
            .First(cv => cv.Choice.TryApply(new RunConfig(), cv.Value, out var config, out _) && option.AppliesTo(config));

    private static string Invalid(RunOption option) => option.Kind switch
    {
        OptionKind.Number => "x" + option.Name,
        OptionKind.Integer => "2.5",
        OptionKind.Choice => "Bogus",
        OptionKind.Flag => "maybe",
        _ => "bogus!",
    };

    [Fact]
    public void Every_option_and_every_bookkeeping_field_shows_its_message_under_itself()
    {
        var page = Render<NewRun>();
        // Break every conditional option while the choice that shows it is made (Muon's, each schedule's), then the
        // choices themselves: an option with an error stays on the form until it is fixed.
        var options = RunOptions.All.OrderBy(o => o.Kind == OptionKind.Choice).ToList();
        foreach (var option in options)
        {
            if (page.FindAll($"#f-{option.Name}").Count == 0)
            {
                var (choice, value) = ChoiceThatShows(option);
                page.Find($"#f-{choice.Name}").Change(value);
            }
            page.Find($"#f-{option.Name}").Change(Invalid(option));
        }
        page.Find("#f-Name").Change(new string('n', TextLimits.Name + 1));
        page.Find("#f-Tags").Change("bad tag!");
        page.Find("#f-Notes").Change(new string('n', TextLimits.Notes + 1));

        foreach (var option in options)
        {
            Assert.Contains($"'{Invalid(option)}'", MessageFor(page, option.Name), StringComparison.Ordinal);
        }
        Assert.Contains($"at most {TextLimits.Name} characters", MessageFor(page, "Name"), StringComparison.Ordinal);
        Assert.Contains("'tag!'", MessageFor(page, "Tags"), StringComparison.Ordinal);
        Assert.Contains($"at most {TextLimits.Notes} characters", MessageFor(page, "Notes"), StringComparison.Ordinal);
    }

    [Fact]
    public void Hints_state_the_schemas_range_and_help()
    {
        var page = Render<NewRun>();

        Assert.Contains("0 to 0.999", HintFor(page, "Momentum"), StringComparison.Ordinal);
        Assert.DoesNotContain("beta1", HintFor(page, "Momentum"), StringComparison.Ordinal);
        Assert.Contains(RunOptions.LearningRate.Allowed, HintFor(page, "LearningRate"), StringComparison.Ordinal);
        Assert.Contains(RunOptions.Epochs.Help, HintFor(page, "Epochs"), StringComparison.Ordinal);
        foreach (var option in RunOptions.All.Where(o => o.AppliesTo(new RunConfig())))
        {
            Assert.Equal(option.Label, page.Find($"label[for='f-{option.Name}']").TextContent);
        }
    }

    [Fact]
    public void Options_show_only_where_they_apply()
    {
        var page = Render<NewRun>();
        Assert.Empty(page.FindAll("#f-StepEpochs"));
        Assert.NotEmpty(page.FindAll("#f-Momentum"));

        page.Find("#f-Schedule").Change("Step");
        page.Find("#f-Optimizer").Change("AdamW");

        Assert.NotEmpty(page.FindAll("#f-StepEpochs"));
        Assert.NotEmpty(page.FindAll("#f-StepGamma"));
        Assert.Empty(page.FindAll("#f-Momentum"));
        Assert.Empty(page.FindAll("#f-Nesterov"));
        var legends = page.FindAll("fieldset > legend").Select(l => l.TextContent).ToList();
        Assert.Equal(Enum.GetValues<OptionGroup>().Select(RunOptions.GroupLabel), legends.Take(Enum.GetValues<OptionGroup>().Length));
    }

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

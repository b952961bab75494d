using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Lab;
using CifarLab.Web.Options;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CifarLab.Web.Tests.Previews;

/// <summary>The New run form's grid of augmented training images: on request, then following the settings.</summary>
public sealed class AugmentationPreviewGridTests : ComponentTestBase
{
    private readonly ScriptedEngine _engine;

    public AugmentationPreviewGridTests()
        : this(new ScriptedEngine())
    {
    }

    private AugmentationPreviewGridTests(ScriptedEngine engine)
        : base(s => s.AddSingleton<ITrainingEngine>(engine)) => _engine = engine;

    [Fact]
    public void The_grid_shows_the_originals_and_each_draw_and_is_redrawn_when_the_augmentation_changes()
    {
        var page = Render<NewRun>();
        Assert.Empty(_engine.Previews); // nothing is drawn until asked

        page.Find("#show-augmentation").Click();

        page.WaitForAssertion(() => Assert.Equal(AugmentationPreviews.DefaultDraws, page.FindAll("#augmentation-grid tr.draw").Count));
        Assert.Equal((1 + AugmentationPreviews.DefaultDraws) * AugmentationPreviews.DefaultImages, page.FindAll("#augmentation-grid img").Count);
        Assert.All(page.FindAll("#augmentation-grid img"), img => Assert.StartsWith("data:image/png;base64,", img.GetAttribute("src"), StringComparison.Ordinal));

        page.Find("#f-Cutout").Change("8");

        page.WaitForAssertion(() => Assert.Equal(2, _engine.Previews.Count));
        Assert.Equal(8, _engine.Previews[1].Config.Cutout);
        page.Find("#f-LearningRate").Change("0.2"); // not an augmentation setting: no new draw
        Assert.Equal(2, _engine.Previews.Count);
    }
}

/// <summary>On a UI-only host the grid says why there is none, instead of a button.</summary>
public sealed class UiOnlyAugmentationPreviewTests() : ComponentTestBase(s => s.Configure<WorkerOptions>(o => o.Enabled = false))
{
    [Fact]
    public void A_host_that_does_not_train_says_previews_need_one()
    {
        var page = Render<NewRun>();

        Assert.Contains("Previews need a host that trains", page.Find("#augmentation-unavailable").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#show-augmentation"));
    }
}

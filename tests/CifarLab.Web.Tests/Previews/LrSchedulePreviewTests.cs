using System.Globalization;
using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Components.Widgets;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Previews;

/// <summary>The New run form draws the learning rate the schedule will give at every step, before launch.</summary>
public sealed class LrSchedulePreviewTests : ComponentTestBase
{
    // 1 280 images in batches of 128: 10 steps an epoch.
    private static readonly RunConfig Small = new() { TrainLimit = 1280, BatchSize = 128, LearningRate = 0.1, WarmupFraction = 0 };

    private static List<(double X, double Y)> Points(IRenderedComponent<LrSchedulePreview> widget) =>
        [.. widget.Find("#lr-curve").GetAttribute("points")!.Split(' ').Select(p => p.Split(','))
            .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))];

    private IRenderedComponent<LrSchedulePreview> Draw(RunConfig config) =>
        Render<LrSchedulePreview>(p => p.Add(w => w.Config, config));

    [Fact]
    public void A_step_schedule_drops_to_a_tenth_exactly_at_its_step_epochs()
    {
        var config = Small with { Schedule = ScheduleKind.Step, Epochs = 90, StepEpochs = 30, StepGamma = 0.1 };
        var curve = LrCurve.Of(config, out _)!;

        var points = Points(Draw(config));

        // In SVG y grows downwards: a drop in learning rate is a rise in y.
        var drops = Enumerable.Range(1, points.Count - 1).Where(i => points[i].Y > points[i - 1].Y + 1).ToList();
        Assert.Equal(2, drops.Count);
        Assert.Equal(curve.X(30), points[drops[0]].X, 1);
        Assert.Equal(curve.X(60), points[drops[1]].X, 1);
        // Flat before the drop, at the top (the peak), then at a tenth of the plot's height above the axis.
        Assert.Equal(LrCurve.Top, points[drops[0] - 1].Y, 1);
        Assert.Equal(curve.Y(0.01), points[drops[0]].Y, 1);
        Assert.Equal(LrCurve.Top + 0.9 * LrCurve.PlotHeight, points[drops[0]].Y, 1);
    }

    [Fact]
    public void A_cosine_schedule_with_warmup_rises_to_the_peak_then_falls_to_the_floor()
    {
        var config = Small with { Schedule = ScheduleKind.Cosine, Epochs = 20, WarmupFraction = 0.25, InitialLrFraction = 0.2, FinalLrFraction = 0 };
        var curve = LrCurve.Of(config, out _)!;

        var points = Points(Draw(config));

        var peak = points.MinBy(p => p.Y);
        Assert.Equal(curve.X(5), peak.X, 0); // 25% of 20 epochs
        Assert.Equal(curve.Y(0.02), points[0].Y, 1); // warmup starts at 0.2 x 0.1
        Assert.Equal(curve.Y(0), points[^1].Y, 1);
        var falling = points.SkipWhile(p => p != peak).ToList();
        Assert.All(falling.Zip(falling.Skip(1)), pair => Assert.True(pair.Second.Y >= pair.First.Y));
    }

    [Fact]
    public void Warm_restarts_jump_back_to_the_peak_at_the_end_of_each_period()
    {
        var config = Small with { Schedule = ScheduleKind.WarmRestarts, Epochs = 30, RestartEpochs = 10, RestartMultiplier = 1 };
        var curve = LrCurve.Of(config, out _)!;

        var points = Points(Draw(config));

        var restarts = Enumerable.Range(1, points.Count - 1).Where(i => points[i].Y < points[i - 1].Y - 10).Select(i => points[i]).ToList();
        Assert.Equal(2, restarts.Count);
        Assert.Equal(curve.X(10), restarts[0].X, 1);
        Assert.Equal(curve.X(20), restarts[1].X, 1);
        Assert.All(restarts, p => Assert.Equal(LrCurve.Top, p.Y, 1));
    }

    [Fact]
    public void The_axes_are_labelled_with_epochs_and_the_learning_rate()
    {
        var widget = Draw(Small with { Schedule = ScheduleKind.Constant, Epochs = 8, LearningRate = 0.05 });

        var text = widget.Find("svg").TextContent;
        Assert.Contains("epoch", text, StringComparison.Ordinal);
        Assert.Contains("learning rate", text, StringComparison.Ordinal);
        Assert.Contains("0.05", text, StringComparison.Ordinal);
        Assert.Equal(["0", "4", "8"], widget.FindAll("text.tick").Select(t => t.TextContent).Where(t => t is "0" or "4" or "8").Distinct());
    }

    [Fact]
    public void The_form_redraws_the_curve_as_the_schedule_changes_and_explains_an_invalid_one()
    {
        var page = Render<NewRun>();
        var before = page.Find("#lr-curve").GetAttribute("points");

        page.Find("#f-Schedule").Change("Step");
        page.Find("#f-Epochs").Change("10");
        page.Find("#f-StepEpochs").Change("5");

        Assert.NotEqual(before, page.Find("#lr-curve").GetAttribute("points"));

        page.Find("#f-StepEpochs").Change("0");

        Assert.Empty(page.FindAll("#lr-curve"));
        Assert.Contains("drawn once Step every (epochs) is valid", page.Find("#lr-preview").TextContent, StringComparison.Ordinal);
    }
}

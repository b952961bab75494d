using CifarLab.Web.Lab;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Groups;

/// <summary>A run cloned from a preset and edited says which options differ, through the API and the run page's config.</summary>
public sealed class PresetOriginTests
{
    private static RunConfig Quick => Presets.All.Single(p => p.Name == "quick").Config with
    {
        TrainLimit = TestDataset.TrainCount, TestLimit = TestDataset.TestCount, Device = "cpu",
    };

    [Fact]
    public async Task A_preset_run_as_it_is_and_an_edited_one_say_so_through_the_api()
    {
        await using var factory = new LabFactory(LabFactory.NewDataDirectory(), workerEnabled: false);
        var client = factory.CreateClient();
        var preset = Presets.All.Single(p => p.Name == "quick").Config;
        var plain = await TinyRuns.LaunchAsync(client, preset, "plain");
        var edited = await TinyRuns.LaunchAsync(client, preset with { Model = "resnet20", Schedule = ScheduleKind.Cosine }, "edited");
        var none = await TinyRuns.LaunchAsync(client, TinyRuns.Config(), "no preset");

        Assert.Equal("from quick", (await TinyRuns.GetAsync(client, plain)).Origin);
        Assert.Equal("from quick, edited: architecture, schedule", (await TinyRuns.GetAsync(client, edited)).Origin);
        Assert.Null((await TinyRuns.GetAsync(client, none)).Origin);
    }

    [Fact]
    public void The_edited_options_are_named_by_their_schema_labels_in_schema_order()
    {
        var edited = PresetOrigin.EditedOptions(Quick with { Seed = 7, Epochs = 5 }, Quick);

        Assert.Equal([RunOptions.Epochs, RunOptions.Seed], edited);
    }
}

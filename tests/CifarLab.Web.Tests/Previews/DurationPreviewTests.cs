using Bunit;
using CifarLab.Web.Components.Pages;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Previews;

/// <summary>The New run form says how long the run would train, from the runs that finished in its database.</summary>
public sealed class DurationPreviewTests : ComponentTestBase
{
    private void Finished(string model, int batch, double imagesPerSecond, string device = "cpu", RunStatus status = RunStatus.Completed)
    {
        using var db = CreateDbContext();
        db.Runs.Add(new RunRecord
        {
            Name = "done", Model = model, ConfigJson = new RunConfig { Model = model, BatchSize = batch }.ToJson(), Device = device,
            BatchSize = batch, Epochs = 2, Status = status, CreatedAt = DateTime.UtcNow, ImagesPerSecond = imagesPerSecond, ActualDevice = device,
        });
        db.SaveChanges();
    }

    [Fact]
    public void The_estimate_comes_from_finished_runs_here_and_a_gpu_recipe_on_the_cpu_is_warned_about()
    {
        Finished("tutorial-cnn", 128, 1800);
        Finished("tutorial-cnn", 128, 2000);
        Finished("tutorial-cnn", 128, 2200);
        Finished("tutorial-cnn", 128, 10, status: RunStatus.Failed); // not a measured speed
        var page = Render<NewRun>();

        page.Find("#f-Device").Change("cpu");

        // 390 batches of 128 an epoch, 2 epochs: 99 840 images at 2 000/s.
        page.WaitForAssertion(() => Assert.Contains("about 50 s on cpu (from 3 finished runs of tutorial-cnn here)", page.Find("#duration-estimate").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#duration-warning"));

        page.Find("#f-Model").Change("airbench96");
        page.Find("#f-Epochs").Change("40");

        Assert.Contains("it is a GPU recipe", page.Find("#duration-warning").TextContent, StringComparison.Ordinal);
        Assert.Contains("no finished airbench96 run on cpu here: from its size", page.Find("#duration-estimate").TextContent, StringComparison.Ordinal);
    }
}

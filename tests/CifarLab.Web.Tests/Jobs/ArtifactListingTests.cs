using CifarLab.Web.Lab;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Jobs;

/// <summary>The run's file list is taken while the trainer still writes into the folder.</summary>
public sealed class ArtifactListingTests
{
    [Fact]
    public void Files_still_being_written_are_not_listed()
    {
        var dir = LabFactory.NewDataDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "epoch-0001"));
        Directory.CreateDirectory(Path.Combine(dir, "epoch-0002.partial"));
        File.WriteAllText(Path.Combine(dir, "epoch-0001", "state.json"), "{}");
        File.WriteAllText(Path.Combine(dir, "epoch-0002.partial", "state.json"), "{}");
        File.WriteAllText(Path.Combine(dir, ".result.json.0123456789abcdef.tmp"), "{");
        File.WriteAllText(Path.Combine(dir, "model.bin.tmp"), "x");
        File.WriteAllText(Path.Combine(dir, "model.safetensors"), "weights");

        var files = RunArtifacts.ListFiles(dir);

        Assert.Equal(["epoch-0001/state.json", "model.safetensors"], files.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.Equal(7, files.Single(f => f.RelativePath == "model.safetensors").Size);
    }

    [Fact]
    public void A_folder_that_is_gone_lists_nothing()
    {
        Assert.Empty(RunArtifacts.ListFiles(Path.Combine(LabFactory.NewDataDirectory(), "never-created")));
    }
}

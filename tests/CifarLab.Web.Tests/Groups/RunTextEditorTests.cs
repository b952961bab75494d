using Bunit;
using CifarLab.Web.Components.Widgets;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Groups;

/// <summary>The run page's inline edit saves good text and names the field of bad text, leaving the run as it was.</summary>
public sealed class RunTextEditorTests : ComponentTestBase
{
    private RunRecord AddRun()
    {
        var run = new RunRecord
        {
            Name = "before", Model = "tutorial-cnn", ConfigJson = new RunConfig().ToJson(), Device = "cpu",
            Epochs = 2, Status = RunStatus.Completed, CreatedAt = DateTime.UtcNow,
        };
        using var db = CreateDbContext();
        db.Runs.Add(run);
        db.SaveChanges();
        return run;
    }

    [Fact]
    public void Saving_changes_the_run_and_bad_text_is_refused_naming_the_field()
    {
        var run = AddRun();
        var saved = 0;
        var editor = Render<RunTextEditor>(p => p.Add(c => c.Run, run).Add(c => c.OnSaved, () => saved++));

        editor.Find("#edit-run-text").Click();
        editor.Find("#edit-name").Change("bad\u202Ename");
        editor.Find("#save-run-text").Click();

        Assert.Contains("U+202E", editor.Find(".field-error[data-field=Name]").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, saved);
        using (var db = CreateDbContext())
        {
            Assert.Equal("before", db.Runs.Single(r => r.Id == run.Id).Name);
        }

        editor.Find("#edit-name").Change("after");
        editor.Find("#edit-tags").Change("a, b");
        editor.Find("#save-run-text").Click();

        Assert.Equal(1, saved);
        using var after = CreateDbContext();
        var stored = after.Runs.Single(r => r.Id == run.Id);
        Assert.Equal("after", stored.Name);
        Assert.Equal(["a", "b"], stored.TagList);
    }
}

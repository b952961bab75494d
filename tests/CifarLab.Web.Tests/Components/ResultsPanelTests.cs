using System.Text.Json;
using Bunit;
using CifarLab.Training.Training;
using CifarLab.Web.Components.Widgets;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Components;

/// <summary>The misclassified-images heading tells the kept images apart from the mistakes made.</summary>
public sealed class ResultsPanelTests : ComponentTestBase
{
    public ResultsPanelTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private static RunResultRow Result(int[][] matrix, int kept) => new()
    {
        RunId = 1,
        TestCount = matrix.Sum(r => r.Sum()),
        PerClassAccuracyJson = "[]",
        ConfusionMatrixJson = JsonSerializer.Serialize(matrix),
        MisclassifiedJson = JsonSerializer.Serialize(Enumerable.Range(0, kept).Select(i => new Misclassified(i, 0, 1, 0.9)).ToList()),
    };

    private string Title(RunResultRow result) =>
        Render<ResultsPanel>(p => p.Add(c => c.RunId, 1).Add(c => c.Result, result)).Find("#misclassified-title").TextContent;

    [Fact]
    public void It_counts_the_mistakes_from_the_confusion_matrix_not_the_kept_images()
    {
        // 200 test images, 59 right: 141 mistakes of which 64 were kept.
        var title = Title(Result([[30, 70], [71, 29]], kept: 64));

        Assert.Contains("the 64 most confident of 141 mistakes (200 test images)", title, StringComparison.Ordinal);
    }

    [Fact]
    public void When_every_mistake_was_kept_it_says_so()
    {
        var title = Title(Result([[95, 3], [2, 100]], kept: 5));

        Assert.Contains("all 5 mistakes (200 test images)", title, StringComparison.Ordinal);
    }
}

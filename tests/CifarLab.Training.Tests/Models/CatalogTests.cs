using CifarLab.Training.Models;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Models;

[Collection(ModelTestData.Collection)]
public sealed class CatalogTests
{
    private static readonly string[] ExpectedNames =
        ["tutorial-cnn", "resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "alexnet", "vgg", "vgg13", "vgg16", "vgg19", "resnet9", "resnet18", "airbench94", "airbench94-muon", "airbench96"];

    [Fact]
    public void Catalog_lists_the_contracted_models_once_each()
    {
        Assert.Equal(ExpectedNames.Order(), ModelCatalog.All.Select(m => m.Name).Order());
        Assert.All(ModelCatalog.All, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.DisplayName));
            Assert.False(string.IsNullOrWhiteSpace(m.Description));
            Assert.False(string.IsNullOrWhiteSpace(m.Source));
            Assert.Contains(m.DefaultNorm, m.SupportedNorms);
        });
        Assert.Equal(NormKind.None, ModelCatalog.Get("tutorial-cnn").DefaultNorm);
    }

    [Theory]
    [InlineData("ResNet18", "resnet18")]
    [InlineData("AIRBENCH94", "airbench94")]
    [InlineData(" tutorial-cnn ", "tutorial-cnn")]
    public void Get_ignores_case_and_surrounding_spaces(string asked, string expected)
    {
        Assert.Equal(expected, ModelCatalog.Get(asked).Name);
        Assert.True(ModelCatalog.TryGet(asked, out var info));
        Assert.Equal(expected, info.Name);
    }

    [Fact]
    public void Unknown_name_lists_every_allowed_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelCatalog.Get("resnet50"));
        Assert.Contains("resnet50", ex.Message, StringComparison.Ordinal);
        Assert.All(ExpectedNames, name => Assert.Contains(name, ex.Message, StringComparison.Ordinal));
        Assert.False(ModelCatalog.TryGet("resnet50", out _));
    }

    [Fact]
    public void Only_airbench_nets_need_data_and_epoch_hooks()
    {
        foreach (var info in ModelCatalog.All)
        {
            using var model = info.Create(new ModelOptions { Width = 0.25, Norm = info.SupportedNorms[0] });
            var isAirbench = info.Name.StartsWith("airbench", StringComparison.Ordinal);
            Assert.Equal(isAirbench, model is IDataInitialized);
            Assert.Equal(isAirbench, model is IEpochAware);
        }
    }
}

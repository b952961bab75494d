using CifarLab.Training.Models;

namespace CifarLab.Training.Tests.Models;

/// <summary>
/// The contract's analytic count (<see cref="ModelSpec.CountParameters"/>) against the network the engine builds:
/// every catalog model, every supported norm, widths that round channel counts up, down and through halves.
/// </summary>
[Collection(ModelTestData.Collection)]
public sealed class AnalyticParameterCountTests
{
    /// <summary>0.3, 0.625 and 1.3 make x.5 and uneven channel counts (6 · 0.25 = 1.5, 6 · 0.625 = 3.75, 84 · 1.3 = 109.2).</summary>
    private static readonly double[] Widths = [0.25, 0.3, 0.5, 0.625, 0.75, 1, 1.3, 2];

    /// <summary>The largest width (<see cref="RunOptions.Width"/>'s maximum), built only for models that stay small there.</summary>
    private const double WidestWidth = 4;

    /// <summary>40M float32 parameters are 160 MB: larger width-4 builds (ResNet-18 there is ~180M) are left out.</summary>
    private const long MaxBuiltParameters = 40_000_000;

    public static TheoryData<string, string, double> Cases()
    {
        var data = new TheoryData<string, string, double>();
        foreach (var model in ModelCatalog.All)
        {
            foreach (var norm in model.SupportedNorms)
            {
                foreach (var width in Widths) data.Add(model.Name, norm.ToString(), width);
                if (model.Spec.CountParameters(WidestWidth, norm) <= MaxBuiltParameters)
                    data.Add(model.Name, norm.ToString(), WidestWidth);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analytic_count_equals_the_built_models_count(string name, string norm, double width)
    {
        var info = ModelCatalog.Get(name);
        var options = new ModelOptions { Width = width, Norm = Enum.Parse<NormKind>(norm) };
        Assert.Equal(BuiltCount(info, options), info.Spec.CountParameters(options.Width, options.Norm));
    }

    [Fact]
    public void Width_four_is_built_for_the_small_models()
    {
        var widest = Cases().Where(c => (double)c[2] == WidestWidth).Select(c => (string)c[0]).Distinct();
        Assert.Equal(["tutorial-cnn", "resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "airbench94", "airbench94-muon"], widest);
    }

    [Theory]
    [MemberData(nameof(ModelTestData.ModelNames), MemberType = typeof(ModelTestData))]
    public void Dropout_adds_nothing_and_the_class_count_sizes_the_head(string name)
    {
        var info = ModelCatalog.Get(name);
        var options = new ModelOptions { Width = 0.5, Norm = info.DefaultNorm, Dropout = 0.5, NumClasses = 100 };
        Assert.Equal(BuiltCount(info, options), info.Spec.CountParameters(options.Width, options.Norm, classes: 100));
        Assert.Equal(info.Spec.CountParameters(options.Width, options.Norm, classes: 100), info.ParameterCount(options));
    }

    [Fact]
    public void Counting_rejects_what_the_model_cannot_be_built_with()
    {
        var airbench = ModelSpecs.Airbench94;
        var norm = Assert.Throws<ArgumentException>(() => airbench.CountParameters(1, NormKind.Layer));
        Assert.Contains("airbench94", norm.Message, StringComparison.Ordinal);
        Assert.Contains("Allowed: Batch", norm.Message, StringComparison.Ordinal);

        var width = Assert.Throws<ArgumentOutOfRangeException>(() => ModelSpecs.Vgg.CountParameters(5, NormKind.Batch));
        Assert.Contains($"allowed: {RunOptions.Width.Allowed}", width.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelSpecs.Vgg.CountParameters(double.NaN, NormKind.Batch));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelSpecs.Vgg.CountParameters(1, NormKind.Batch, classes: 1));
    }

    private static long BuiltCount(ModelInfo info, ModelOptions options)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var model = info.Create(options);
        return ModelSummary.CountParameters(model);
    }
}

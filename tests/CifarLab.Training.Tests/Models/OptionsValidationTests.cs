using CifarLab.Training.Models;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Models;

[Collection(ModelTestData.Collection)]
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("airbench94", NormKind.Layer)]
    [InlineData("airbench96", NormKind.None)]
    public void Airbench_rejects_norms_other_than_batch(string name, NormKind norm)
    {
        var info = ModelCatalog.Get(name);
        var ex = Assert.Throws<ArgumentException>(() => info.Create(new ModelOptions { Norm = norm }));
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains(norm.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: Batch", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => info.ParameterCount(new ModelOptions { Norm = norm }));
    }

    public static TheoryData<ModelOptions, string> BadOptions() => new()
    {
        { new ModelOptions { Width = 0 }, "width 0" },
        { new ModelOptions { Width = -1 }, "width -1" },
        { new ModelOptions { Width = double.NaN }, "width NaN" },
        { new ModelOptions { Width = 17 }, "width 17 is out of range; allowed: 0.25 to 4" },
        { new ModelOptions { Width = 0.2 }, "width 0.2" },
        { new ModelOptions { Dropout = 1 }, "dropout 1" },
        { new ModelOptions { Dropout = -0.1 }, "allowed: 0 to 0.9" },
        { new ModelOptions { Dropout = 0.95 }, "dropout 0.95" },
        { new ModelOptions { NumClasses = 1 }, "2 or more" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Out_of_range_options_say_what_is_allowed(ModelOptions options, string expectedFragment)
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelCatalog.Get("tutorial-cnn").Create(options));
        Assert.Contains(expectedFragment, ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowed", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The engine's limits (<see cref="ModelInfo.Validate"/>) and the contract's (<see cref="ModelSpec.Check"/>,
    /// <see cref="ModelSpec.CountParameters"/>) accept the same thing: each model's supported norms with dropout.</summary>
    [Theory]
    [MemberData(nameof(ModelTestData.ModelNormPairs), MemberType = typeof(ModelTestData))]
    public void Every_model_accepts_its_own_defaults_and_each_supported_norm(string name, string normName)
    {
        var info = ModelCatalog.Get(name);
        var norm = Enum.Parse<NormKind>(normName);
        var options = new ModelOptions { Norm = norm, Dropout = info.SupportsDropout ? 0.3 : 0 };
        Assert.Null(Record.Exception(() => info.Validate(options)));
        Assert.Empty(info.Spec.Check(options.Norm, options.Dropout));
        Assert.True(info.ParameterCount(options) > 0);
        Assert.Null(Record.Exception(() => info.Validate(new ModelOptions { Norm = info.DefaultNorm })));
    }
}

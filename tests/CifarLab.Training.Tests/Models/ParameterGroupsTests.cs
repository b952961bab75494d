using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp.Modules;

namespace CifarLab.Training.Tests.Models;

[Collection(ModelTestData.Collection)]
public sealed class ParameterGroupsTests
{
    [Theory]
    [MemberData(nameof(ModelTestData.ModelNormPairs), MemberType = typeof(ModelTestData))]
    public void Split_partitions_exactly_the_trainable_parameters(string name, string norm)
    {
        using var model = ModelCatalog.Get(name).Create(new ModelOptions { Width = 0.25, Norm = Enum.Parse<NormKind>(norm) });
        var (normGroup, other) = ParameterGroups.Split(model);

        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        Assert.All(normGroup.Concat(other), p => Assert.True(seen.Add(p), "a parameter is in both groups or twice"));
        Assert.Equal(trainable.Count, seen.Count);
        Assert.All(trainable, p => Assert.Contains(p, seen));

        var normLayerParameters = model.modules()
            .Where(m => m is BatchNorm2d or GroupNorm)
            .SelectMany(m => m.parameters())
            .Where(p => p.requires_grad)
            .ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.Equal(normLayerParameters.Count, normGroup.Count);
        Assert.All(normGroup, p => Assert.Contains(p, normLayerParameters));
        if (norm == nameof(NormKind.None)) Assert.Empty(normGroup);
        else Assert.NotEmpty(normGroup);
    }

    [Fact]
    public void Airbench_norm_group_holds_only_the_batch_norm_biases()
    {
        using var model = ModelCatalog.Get("airbench94").Create(new ModelOptions());
        var (normGroup, other) = ParameterGroups.Split(model);
        var biases = model.modules().OfType<BatchNorm2d>().Select(bn => (object)bn.bias!).ToList();
        Assert.Equal(6, normGroup.Count);
        Assert.All(normGroup, p => Assert.Contains(p, biases));
        // Other: stem bias, six 3x3 conv weights, the linear weight.
        Assert.Equal(8, other.Count);
    }
}

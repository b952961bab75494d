using CifarLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Models;

/// <summary>Shared inputs for the model tests. All model tests share one xunit collection so that they run
/// one after another instead of fighting over the machine's two cores.</summary>
internal static class ModelTestData
{
    public const string Collection = "Models";

    /// <summary>Every (catalog model, supported norm) pair.</summary>
    public static TheoryData<string, string> ModelNormPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in ModelCatalog.All)
        {
            foreach (var norm in model.SupportedNorms) data.Add(model.Name, norm.ToString());
        }
        return data;
    }

    public static TheoryData<string> ModelNames()
    {
        var data = new TheoryData<string>();
        foreach (var model in ModelCatalog.All) data.Add(model.Name);
        return data;
    }

    /// <summary>Normal pixels, seeded so failures reproduce.</summary>
    public static Tensor Images(long n, long side = 32, long seed = 1)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        return randn([n, 3, side, side], generator: generator);
    }

    /// <summary>
    /// Images whose channels and neighbouring pixels are correlated, like photos: a smoothed shared signal mixed into
    /// the three channels plus independent noise (which keeps every patch-covariance eigenvalue well above 5e-4).
    /// </summary>
    public static Tensor CorrelatedImages(long n, long side = 16, long seed = 2)
    {
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var signal = nn.functional.avg_pool2d(randn([n, 1, side + 2, side + 2], generator: generator), 3, stride: 1);
        var mixing = tensor(new float[] { 1.0f, 0.8f, -0.6f }).view(1, 3, 1, 1);
        var noise = randn([n, 3, side, side], generator: generator) * 0.3f;
        return (signal * mixing + noise + 0.5f).MoveToOuterDisposeScope();
    }
}

[CollectionDefinition(ModelTestData.Collection, DisableParallelization = true)]
public sealed class ModelTestsDefinition;

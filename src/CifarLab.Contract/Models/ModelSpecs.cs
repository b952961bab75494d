using System.Diagnostics.CodeAnalysis;

namespace CifarLab.Contract;

/// <summary>Every architecture the lab can train, by catalog name (case-insensitive), in rough order of size and cost.</summary>
public static class ModelSpecs
{
    private static readonly NormKind[] AnyNorm = [NormKind.Batch, NormKind.Layer, NormKind.Group, NormKind.None];

    public static readonly ModelSpec TutorialCnn = new(
        "tutorial-cnn", "PyTorch tutorial CNN",
        "Two 5x5 convs and three FC layers; ~55% test accuracy after 2 epochs. A quick smoke-test model.",
        [NormKind.None, NormKind.Batch, NormKind.Layer, NormKind.Group], SupportsDropout: true,
        "PyTorch tutorial 'Training a classifier', pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html",
        DefaultNorm: NormKind.None)
    {
        Parameters = ParameterFormulas.TutorialCnn,
    };

    public static readonly ModelSpec AlexNet = new(
        "alexnet", "AlexNet (32x32)",
        "Five convs, three max-pools, two 1024-wide hidden FC layers with dropout; ~7.5M parameters.",
        AnyNorm, SupportsDropout: true,
        "Krizhevsky et al., ImageNet Classification with Deep Convolutional Neural Networks, NeurIPS 2012")
    {
        Parameters = ParameterFormulas.AlexNet,
    };

    public static readonly ModelSpec Vgg = new(
        "vgg", "VGG-11",
        "Eight 3x3 convs with norm, five max-pools, linear classifier on 512 features; ~9.2M parameters.",
        AnyNorm, SupportsDropout: true,
        "Simonyan & Zisserman, Very Deep Convolutional Networks for Large-Scale Image Recognition, ICLR 2015 (config A)")
    {
        Parameters = ParameterFormulas.Vgg,
    };

    public static readonly ModelSpec ResNet9 = new(
        "resnet9", "ResNet-9 (DAWNBench)",
        "Page's cifar10-fast ResNet-9: 8 convs, two residual pairs, global max pool, logits x 0.125; ~6.6M parameters.",
        AnyNorm, SupportsDropout: true,
        "David Page, How to Train Your ResNet (Myrtle.ai, 2018); github.com/davidcpage/cifar10-fast")
    {
        Parameters = ParameterFormulas.ResNet9,
    };

    public static readonly ModelSpec ResNet18 = new(
        "resnet18", "ResNet-18",
        "CIFAR ResNet-18: 3x3 stem, BasicBlocks [2,2,2,2] with widths 64-512, global average pool; 11.2M parameters.",
        AnyNorm, SupportsDropout: true,
        "He et al., Deep Residual Learning for Image Recognition, CVPR 2016 (arXiv 1512.03385); CIFAR stem as in kuangliu/pytorch-cifar")
    {
        Parameters = ParameterFormulas.ResNet18,
    };

    public static readonly ModelSpec Airbench94 = new(
        "airbench94", "airbench94",
        "Keller Jordan's 94%-in-seconds net: whitening stem, three conv groups (64/256/256), ~1.97M parameters.",
        [NormKind.Batch], SupportsDropout: true,
        "Keller Jordan, 94% on CIFAR-10 in 3.29 Seconds on a Single GPU, arXiv 2404.00498; github.com/KellerJordan/cifar10-airbench")
    {
        Parameters = ParameterFormulas.Airbench([64, 256, 256], residual: false),
    };

    public static readonly ModelSpec Airbench94Muon = new(
        "airbench94-muon", "airbench94 (Muon variant)",
        "airbench94's net as airbench94_muon.py builds it: unit-std head with logits / 256, whitening bias on its own " +
        "3-epoch lr decay; ~1.97M parameters.",
        [NormKind.Batch], SupportsDropout: true,
        "Keller Jordan, KellerJordan/cifar10-airbench (airbench94_muon.py); Muon: an optimizer for hidden layers (2024)")
    {
        Parameters = Airbench94.Parameters, // the same layers; only the head init and logit scale differ
    };

    public static readonly ModelSpec Airbench96 = new(
        "airbench96", "airbench96",
        "Wider, residual airbench: whitening stem, three 3-conv residual groups (128/384/512), ~9.9M parameters.",
        [NormKind.Batch], SupportsDropout: true,
        "Keller Jordan, 94% on CIFAR-10 in 3.29 Seconds on a Single GPU, arXiv 2404.00498; github.com/KellerJordan/cifar10-airbench (airbench96.py)")
    {
        Parameters = ParameterFormulas.Airbench([128, 384, 512], residual: true),
    };

    public static IReadOnlyList<ModelSpec> All { get; } =
        [TutorialCnn, AlexNet, Vgg, ResNet9, ResNet18, Airbench94, Airbench94Muon, Airbench96];

    private static readonly Dictionary<string, ModelSpec> ByName = All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">Unknown name; the message lists the allowed ones.</exception>
    public static ModelSpec Get(string name) =>
        TryGet(name, out var spec)
            ? spec
            : throw new ArgumentException($"Unknown model '{name}'. Allowed: {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));

    public static bool TryGet(string name, [MaybeNullWhen(false)] out ModelSpec spec)
    {
        spec = null;
        return name is not null && ByName.TryGetValue(name.Trim(), out spec);
    }
}

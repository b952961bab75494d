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

    public static readonly ModelSpec Vgg = VggSpec(11, "vgg", 'A', "Eight", "9.2M");
    public static readonly ModelSpec Vgg13 = VggSpec(13, "vgg13", 'B', "Ten", "9.4M");
    public static readonly ModelSpec Vgg16 = VggSpec(16, "vgg16", 'D', "Thirteen", "14.7M");
    public static readonly ModelSpec Vgg19 = VggSpec(19, "vgg19", 'E', "Sixteen", "20.0M");

    /// <summary>VGG-<paramref name="depth"/> (<see cref="VggPlans"/>); "vgg" keeps naming VGG-11 as it always did.</summary>
    private static ModelSpec VggSpec(int depth, string name, char configuration, string convs, string parameters) => new(
        name, $"VGG-{depth}",
        $"{convs} 3x3 convs with norm, five max-pools, linear classifier on 512 features; ~{parameters} parameters.",
        AnyNorm, SupportsDropout: true,
        $"Simonyan & Zisserman, Very Deep Convolutional Networks for Large-Scale Image Recognition, ICLR 2015 (config {configuration})")
    {
        Parameters = ParameterFormulas.Vgg(depth),
    };

    public static readonly ModelSpec ResNet20 = CifarResNetSpec(20, "0.27M");
    public static readonly ModelSpec ResNet32 = CifarResNetSpec(32, "0.46M");
    public static readonly ModelSpec ResNet44 = CifarResNetSpec(44, "0.66M");
    public static readonly ModelSpec ResNet56 = CifarResNetSpec(56, "0.85M");
    public static readonly ModelSpec ResNet110 = CifarResNetSpec(110, "1.7M");

    /// <summary>He et al.'s CIFAR ResNet of <paramref name="depth"/> = 6n + 2 layers (<see cref="CifarResNetPlan"/>).</summary>
    private static ModelSpec CifarResNetSpec(int depth, string parameters) => new(
        $"resnet{depth}", $"ResNet-{depth} (CIFAR)",
        $"He et al.'s CIFAR ResNet: 3x3 stem, three stages of {CifarResNetPlan.BlocksPerStage(depth)} BasicBlocks at 16/32/64 " +
        $"channels, parameter-free (option A) shortcuts, global average pool; ~{parameters} parameters.",
        AnyNorm, SupportsDropout: true,
        "He et al., Deep Residual Learning for Image Recognition, CVPR 2016 (arXiv 1512.03385), section 4.2")
    {
        Parameters = ParameterFormulas.CifarResNet(depth),
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
        [TutorialCnn, ResNet20, ResNet32, ResNet44, ResNet56, ResNet110, AlexNet, Vgg, Vgg13, Vgg16, Vgg19, ResNet9, ResNet18,
         Airbench94, Airbench94Muon, Airbench96];

    /// <summary>VGG-<paramref name="depth"/>'s spec (11 is "vgg").</summary>
    public static ModelSpec VggOfDepth(int depth) => depth switch
    {
        11 => Vgg,
        13 => Vgg13,
        16 => Vgg16,
        19 => Vgg19,
        _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, $"no VGG of depth {depth}; allowed: {string.Join(", ", VggPlans.Depths)}."),
    };

    /// <summary>The CIFAR ResNet of <paramref name="depth"/>'s spec.</summary>
    public static ModelSpec CifarResNetOfDepth(int depth) =>
        CifarResNetPlan.Depths.Contains(depth)
            ? Get($"resnet{depth}")
            : throw new ArgumentOutOfRangeException(nameof(depth), depth, $"no CIFAR ResNet of depth {depth}; allowed: {string.Join(", ", CifarResNetPlan.Depths)}.");

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

using CifarLab.Training.Training;

namespace CifarLab.Training.Models;

/// <summary>
/// airbench94 (Jordan 2024, arXiv 2404.00498): groups 64, 256, 256 of two convs each, BN momentum 0.4 in
/// PyTorch's convention (airbench writes 0.6 for the old-statistics weight). 94.01% mean test accuracy in
/// 9.9 epochs with its own training recipe (see docs/RECIPES.md).
/// </summary>
internal static class Airbench94
{
    internal static AirbenchSpec Spec { get; } = new([64, 256, 256], Residual: false, BatchNormMomentum: 0.4);

    internal static ModelInfo Info { get; } = new(
        "airbench94",
        "airbench94",
        "Keller Jordan's 94%-in-seconds net: whitening stem, three conv groups (64/256/256), ~1.97M parameters. " +
        "Call InitializeFromData before training.",
        [NormKind.Batch],
        SupportsDropout: true,
        "Keller Jordan, 94% on CIFAR-10 in 3.29 Seconds on a Single GPU, arXiv 2404.00498; github.com/KellerJordan/cifar10-airbench",
        o => new AirbenchNet(Spec, o));
}

using CifarLab.Contract;

namespace CifarLab.Training.Models;

/// <summary>
/// airbench94 (Jordan 2024, arXiv 2404.00498): groups 64, 256, 256 of two convs each, BN momentum 0.4 in
/// PyTorch's convention (airbench writes 0.6 for the old-statistics weight). 94.01% mean test accuracy in
/// 9.9 epochs with its own training recipe (see docs/RECIPES.md).
/// </summary>
internal static class Airbench94
{
    internal static AirbenchSpec Spec { get; } = new([64, 256, 256], Residual: false, BatchNormMomentum: 0.4);

    internal static ModelInfo Info { get; } = new(ModelSpecs.Airbench94, o => new AirbenchNet(Spec, o));
}

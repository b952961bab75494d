using CifarLab.Contract;

namespace CifarLab.Training.Models;

/// <summary>
/// The network of airbench94_muon.py (KellerJordan/cifar10-airbench; facts in docs/RECIPES.md): airbench94's stem and
/// groups (64/256/256, BN momentum 0.4 in PyTorch's convention, eps 1e-12, frozen unit scale), with the head
/// initialised to unit std and the logits divided by 256 (the flattened width), and the whitening bias on its own
/// linear lr decay over the three epochs it trains. Train it with the airbench94-muon preset (Muon for the filters).
/// </summary>
internal static class Airbench94Muon
{
    internal static AirbenchSpec Spec { get; } = Airbench94.Spec with { UnitStdHeadOverWidth = true, StemBiasDecays = true };

    internal static ModelInfo Info { get; } = new(ModelSpecs.Airbench94Muon, o => new AirbenchNet(Spec, o));
}

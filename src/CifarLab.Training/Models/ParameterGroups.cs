using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>
/// Splits a model's trainable parameters for optimizers that treat normalization layers differently
/// (airbench: BN biases get 64x the learning rate and their own weight decay).
/// </summary>
public static class ParameterGroups
{
    /// <summary>
    /// Parameters with requires_grad = true, split into those of normalization layers (BatchNorm, GroupNorm,
    /// LayerNorm, InstanceNorm) and all others, each in the model's parameter order.
    /// Call it after moving the model to its device: moving replaces the Parameter objects.
    /// </summary>
    public static (IReadOnlyList<Parameter> Norm, IReadOnlyList<Parameter> Other) Split(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var normParameters = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (var m in module.modules().Prepend(module).Where(IsNormalization))
        {
            normParameters.UnionWith(m.parameters(recurse: false));
        }

        var norm = new List<Parameter>();
        var other = new List<Parameter>();
        foreach (var p in module.parameters().Where(p => p.requires_grad))
        {
            (normParameters.Contains(p) ? norm : other).Add(p);
        }
        return (norm, other);
    }

    /// <summary>
    /// Muon's partition (airbench94_muon.py): trainable 4-D conv filters (updated by Muon); the other non-normalization
    /// weights with two or more dimensions, such as a linear head; and the vectors: normalization parameters and
    /// biases (the published script gives its whitening and BN biases one lr). Each in the model's parameter order.
    /// </summary>
    public static (IReadOnlyList<Parameter> Filters, IReadOnlyList<Parameter> Matrices, IReadOnlyList<Parameter> Vectors) SplitForMuon(Module module)
    {
        var (norm, other) = Split(module);
        var normSet = norm.ToHashSet(ReferenceEqualityComparer.Instance);
        var filters = other.Where(p => p.dim() == 4).ToList();
        var matrices = other.Where(p => p.dim() is >= 2 and not 4).ToList();
        var vectors = module.parameters().Where(p => p.requires_grad && (normSet.Contains(p) || p.dim() < 2)).ToList();
        return (filters, matrices, vectors);
    }

    /// <summary>NormBase covers BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d.</summary>
    internal static bool IsNormalization(Module module) => module is NormBase or TorchSharp.Modules.GroupNorm or TorchSharp.Modules.LayerNorm;
}

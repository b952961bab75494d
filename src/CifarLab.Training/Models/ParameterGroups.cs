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

    /// <summary>NormBase covers BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d.</summary>
    internal static bool IsNormalization(Module module) => module is NormBase or TorchSharp.Modules.GroupNorm or TorchSharp.Modules.LayerNorm;
}

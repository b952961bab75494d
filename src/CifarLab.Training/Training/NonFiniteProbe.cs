using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// Finds what went non-finite first when a run diverges: a parameter or buffer (an update broke it), a layer
/// whose output is NaN/inf although its input was finite (found by re-running the failing batch with hooks),
/// or the loss itself. Only called after a non-finite number was seen, so it costs nothing on healthy runs.
/// </summary>
internal static class NonFiniteProbe
{
    /// <summary>"name (shape)" of the first floating parameter or buffer holding NaN/inf, in state-dict order; null when all are finite.</summary>
    public static string? FirstNonFiniteState(nn.Module model)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (name, t) in model.state_dict())
        {
            if (t.is_floating_point() && !t.isfinite().all().ToBoolean())
            {
                var bad = t.isfinite().logical_not().sum().ToInt64();
                return $"'{name}' ({bad} of {t.numel()} values NaN/inf)";
            }
        }
        return null;
    }

    /// <summary>
    /// Re-runs <paramref name="input"/> through <paramref name="model"/> (no gradients, mode unchanged) with a hook on
    /// every module and returns the first module, in execution order, whose output is non-finite while its input is
    /// finite: the layer that produced the first NaN/inf. Null when the whole forward pass stays finite.
    /// </summary>
    public static string? FirstNonFiniteLayer(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        string? culprit = null;
        var removers = new List<Action>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is nn.Module<Tensor, Tensor> m)
            {
                var label = string.IsNullOrEmpty(name) ? "the model" : $"layer '{name}' ({module.GetType().Name})";
                var remover = m.register_forward_hook((_, x, y) =>
                {
                    if (culprit is null && AllFinite(x) && !AllFinite(y))
                    {
                        culprit = label;
                    }
                    return null!;
                });
                removers.Add(remover.remove);
            }
        }
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            if (!AllFinite(input))
            {
                return "the input batch";
            }
            model.call(input);
            return culprit;
        }
        finally
        {
            foreach (var remove in removers)
            {
                remove();
            }
        }
    }

    public static bool AllFinite(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.isfinite().all().ToBoolean();
    }
}

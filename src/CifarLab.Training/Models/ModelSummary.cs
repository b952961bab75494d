using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CifarLab.Training.Models;

/// <summary>Size and cost figures for a model, for logs and the UI.</summary>
public static class ModelSummary
{
    /// <summary>All parameters, trainable and frozen.</summary>
    public static long CountParameters(Module module) => module.parameters().Sum(p => p.numel());

    public static long CountTrainableParameters(Module module) =>
        module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>
    /// Forward cost of one image in GFLOPs, counting a multiply-add as 2 FLOPs in convolutions and linear layers
    /// (the usual convention; norms, activations and pools are ignored). Runs one eval-mode forward pass of a
    /// zero image of <paramref name="imageSize"/> squared pixels on the model's device; training mode is restored.
    /// </summary>
    public static double EstimateForwardGflops(Module<Tensor, Tensor> model, int imageSize = 32)
    {
        ArgumentNullException.ThrowIfNull(model);
        long multiplyAdds = 0;
        var removeHooks = new List<Action>();
        foreach (var m in model.modules())
        {
            if (m is Conv2d conv)
            {
                // Each output element is a dot product over (in / groups) x kh x kw weights.
                var perOutput = conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3];
                var hook = conv.register_forward_hook((_, _, output) => { multiplyAdds += output.numel() * perOutput; return output; });
                removeHooks.Add(hook.remove);
            }
            else if (m is Linear linear)
            {
                var perOutput = linear.weight.shape[1];
                var hook = linear.register_forward_hook((_, _, output) => { multiplyAdds += output.numel() * perOutput; return output; });
                removeHooks.Add(hook.remove);
            }
        }

        var wasTraining = model.training;
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            model.eval();
            var device = model.parameters().FirstOrDefault()?.device ?? CPU;
            model.call(zeros(1, 3, imageSize, imageSize, device: device));
        }
        finally
        {
            model.train(wasTraining);
            foreach (var remove in removeHooks) remove();
        }
        return 2.0 * multiplyAdds / 1e9;
    }
}

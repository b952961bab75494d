namespace CifarLab.Web.Lab;

/// <summary>
/// Rough forward-pass cost of each catalog model on one 32x32 image at width 1, in millions of floating-point
/// operations (multiply and add counted apart), from the layer shapes; convolution cost grows with the square of the
/// width. A training step costs about three forward passes (forward, and backward through activations and weights).
/// Only the duration estimate's fallback uses these, so they need to be right within tens of percent, not exactly.
/// </summary>
public static class ModelCost
{
    private static readonly Dictionary<string, double> ForwardMflops = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tutorial-cnn"] = 1.3,
        ["alexnet"] = 90,
        ["vgg"] = 306,
        ["vgg13"] = 458,
        ["vgg16"] = 628,
        ["vgg19"] = 798,
        ["resnet9"] = 640,
        ["resnet18"] = 1_110,
        ["airbench94"] = 240,
        ["airbench94-muon"] = 240,
        ["airbench96"] = 1_000,
    };

    /// <summary>Floating-point operations of one training step per image, or null for a model without a figure.</summary>
    public static double? TrainFlopsPerImage(string model, double width)
    {
        ArgumentNullException.ThrowIfNull(model);
        double? forward = ForwardMflops.TryGetValue(model.Trim(), out var f) ? f : CifarResNet(model.Trim());
        return forward is { } m ? 3 * m * 1e6 * width * width : null;
    }

    /// <summary>The CIFAR ResNets (He et al. 2016): about 82 MFLOPs for ResNet-20, growing by 4.7 per added layer.</summary>
    private static double? CifarResNet(string model) =>
        model.StartsWith("resnet", StringComparison.OrdinalIgnoreCase) && int.TryParse(model.AsSpan(6), out var depth) && CifarResNetPlan.Depths.Contains(depth)
            ? 82 + 4.7 * (depth - 20)
            : null;
}

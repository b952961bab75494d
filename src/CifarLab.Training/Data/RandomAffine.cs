using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Data;

/// <summary>
/// Rotation and zoom of every image of a batch in one affine resampling each (the random-rotation and
/// random-scale augmentations of e.g. torchvision's RandomAffine): <c>affine_grid</c> builds, per image, where each
/// output pixel samples the input, and <c>grid_sample</c> interpolates bilinearly (Jaderberg et al. 2015, "Spatial
/// Transformer Networks", arXiv 1506.02025, eqs. 1 and 5). Pixels that come from outside the image are 0, which on
/// normalized images is the mean colour (as zero-padded crops). Coordinates are normalized to −1..1 per axis, so
/// rotations are true rotations only on square images (CIFAR's 32x32; <see cref="TrainAugmenter"/> checks).
/// </summary>
internal static class RandomAffine
{
    /// <param name="images">Float [B,C,H,W].</param>
    /// <param name="degrees">[B] angles, counter-clockwise as displayed (rows downwards), as torchvision's.</param>
    /// <param name="scales">[B] zoom factors: above 1 the content grows (zoom in), below 1 it shrinks.</param>
    /// <returns>A new [B,C,H,W] tensor of <paramref name="images"/>' type.</returns>
    public static Tensor Apply(Tensor images, Tensor degrees, Tensor scales)
    {
        using var scope = NewDisposeScope();
        var b = images.shape[0];
        var radians = degrees.to(images.device).to_type(ScalarType.Float64).mul(Math.PI / 180);
        var inverseScale = scales.to(images.device).to_type(ScalarType.Float64).reciprocal();
        // Output pixel p samples the input at R(angle) p / scale (x right, y down): turning the sampling points
        // clockwise on screen turns the content counter-clockwise.
        var cos = radians.cos().mul(inverseScale);
        var sin = radians.sin().mul(inverseScale);
        var zero = zeros_like(cos);
        var theta = stack([cos, sin.neg(), zero, sin, cos, zero], 1).view(b, 2, 3).to_type(images.dtype);
        var grid = nn.functional.affine_grid(theta, [b, images.shape[1], images.shape[2], images.shape[3]], align_corners: false);
        return nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false)
            .MoveToOuterDisposeScope();
    }
}

using CifarLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Models;

[Collection(ModelTestData.Collection)]
public sealed class WhiteningTests
{
    /// <summary>Covariance of the stem's first 12 filters applied to the images, computed through conv2d —
    /// a different route from the unfold-based patch covariance the stem was built from.</summary>
    private static Tensor WhitenedCovariance(WhiteningStem stem, Tensor images)
    {
        var filters = stem.Conv.weight!.narrow(0, 0, 12).to(ScalarType.Float64);
        var responses = nn.functional.conv2d(images.to(ScalarType.Float64), filters); // [N, 12, H-1, W-1]
        var flat = responses.permute(0, 2, 3, 1).reshape(-1, 12);
        return flat.t().matmul(flat) / flat.shape[0];
    }

    [Fact]
    public void Whitened_patches_have_identity_covariance()
    {
        using var scope = NewDisposeScope();
        using var net = (AirbenchNet)ModelCatalog.Get("airbench94").Create(new ModelOptions());
        var images = ModelTestData.CorrelatedImages(64);

        net.InitializeFromData(images);

        var weight = net.Stem.Conv.weight!;
        Assert.True(weight.isfinite().all().ToBoolean(), "whitening weights contain NaN/inf");
        var covariance = WhitenedCovariance(net.Stem, images);
        // Exactly λ/(λ + 5e-4) on the diagonal; the noise keeps every λ ≳ 0.09, so within 1% of the identity.
        Assert.True(covariance.allclose(eye(12, dtype: ScalarType.Float64), rtol: 0, atol: 1e-2),
            $"covariance of whitened patches is not the identity:\n{covariance.ToString(TorchSharp.TensorStringStyle.Numpy)}");
        // Filters 12..23 are the negatives of 0..11, so GELU sees both signs of every component.
        Assert.True(weight.narrow(0, 12, 12).allclose(-weight.narrow(0, 0, 12), rtol: 0, atol: 0));
    }

    [Fact]
    public void Filters_come_largest_variance_first()
    {
        using var scope = NewDisposeScope();
        var images = ModelTestData.CorrelatedImages(32);
        var covariance = PatchWhitening.PatchCovariance(images, 2);
        var filters = PatchWhitening.Filters(covariance, 3, 2, 5e-4).reshape(24, 12);
        // ‖v/√(λ+ε)‖² = 1/(λ+ε): norms grow as the eigenvalue falls.
        var norms = filters.narrow(0, 0, 12).square().sum(1);
        Assert.True((norms.narrow(0, 1, 11) >= norms.narrow(0, 0, 11)).all().ToBoolean());
        Assert.Equal(ScalarType.Float64, filters.dtype);
    }

    [Fact]
    public void Chunked_patch_covariance_matches_a_direct_computation()
    {
        using var scope = NewDisposeScope();
        // 1,200 images: two full chunks of 500 and a partial one.
        var images = ModelTestData.CorrelatedImages(1_200, side: 5).to(ScalarType.Float64);
        var patches = new List<Tensor>();
        for (var row = 0; row < 4; row++)
        {
            for (var col = 0; col < 4; col++)
            {
                // [N, 3, 2, 2] patch at (row, col), flattened in (channel, row, col) order.
                patches.Add(images.narrow(2, row, 2).narrow(3, col, 2).reshape(1_200, 12));
            }
        }
        var all = cat(patches);
        var direct = all.t().matmul(all) / all.shape[0];

        var chunked = PatchWhitening.PatchCovariance(images.to(ScalarType.Float32), 2);

        Assert.True(chunked.allclose(direct, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Only_the_first_5000_images_are_used()
    {
        using var scope = NewDisposeScope();
        var images = ModelTestData.CorrelatedImages(WhiteningStem.MaxImages, side: 6);
        var withOutliers = cat([images, full([3, 3, 6, 6], 1e6f)]);
        using var a = new WhiteningStem(3);
        using var b = new WhiteningStem(3);

        a.InitializeFromData(images);
        b.InitializeFromData(withOutliers);

        Assert.True(a.Conv.weight!.allclose(b.Conv.weight!, rtol: 0, atol: 0), "images beyond the first 5000 changed the filters");
    }

    [Fact]
    public void Stem_weight_is_frozen_and_bias_starts_at_zero_and_trains()
    {
        using var net = (AirbenchNet)ModelCatalog.Get("airbench96").Create(new ModelOptions());
        Assert.False(net.Stem.Conv.weight!.requires_grad);
        Assert.True(net.Stem.Conv.bias!.requires_grad);
        Assert.Equal(0, net.Stem.Conv.bias.abs().sum().ToSingle());
        Assert.Equal([24L, 3L, 2L, 2L], net.Stem.Conv.weight.shape);
    }

    [Fact]
    public void Wrongly_shaped_images_are_rejected()
    {
        using var scope = NewDisposeScope();
        using var net = (AirbenchNet)ModelCatalog.Get("airbench94").Create(new ModelOptions());
        var ex = Assert.Throws<ArgumentException>(() => net.InitializeFromData(zeros(4, 1, 32, 32)));
        Assert.Contains("[N>=1, 3, H>=2, W>=2]", ex.Message, StringComparison.Ordinal);
    }
}

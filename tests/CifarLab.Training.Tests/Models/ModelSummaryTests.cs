using CifarLab.Training.Models;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Models;

[Collection(ModelTestData.Collection)]
public sealed class ModelSummaryTests
{
    [Fact]
    public void Tutorial_cnn_flops_match_hand_count()
    {
        // Multiply-adds: conv1 28·28·6·(3·25) = 352,800; conv2 10·10·16·(6·25) = 240,000;
        // fc 400·120 + 120·84 + 84·10 = 58,920 → 651,720 MACs = 1,303,440 FLOPs.
        using var model = ModelCatalog.Get("tutorial-cnn").Create(new ModelOptions { Norm = NormKind.None });
        Assert.Equal(1_303_440e-9, ModelSummary.EstimateForwardGflops(model), 12);
        Assert.True(model.training, "training mode was not restored");
    }

    [Fact]
    public void Airbench94_costs_the_published_quarter_gflop()
    {
        // MACs: stem 31²·24·12 = 276,768; group1 31²·64·24·9 + 15²·64·64·9 = 21,579,264;
        // group2 15²·256·64·9 + 7²·256·256·9 = 62,078,976; group3 7²·256·256·9 + 3²·256·256·9 = 34,209,792;
        // linear 2,560 → 118,147,360 MACs ≈ 0.236 GFLOPs (RECIPES.md: ~0.24).
        using var model = ModelCatalog.Get("airbench94").Create(new ModelOptions());
        Assert.Equal(2 * 118_147_360e-9, ModelSummary.EstimateForwardGflops(model), 12);
    }

    [Fact]
    public void Trainable_count_leaves_out_frozen_parameters()
    {
        using var model = ModelCatalog.Get("airbench94").Create(new ModelOptions());
        // Frozen: stem weight 24·12 = 288 and the six BN weights 2·64 + 2·256 + 2·256 = 1,152.
        Assert.Equal(1_972_792 - 288 - 1_152, ModelSummary.CountTrainableParameters(model));
    }
}

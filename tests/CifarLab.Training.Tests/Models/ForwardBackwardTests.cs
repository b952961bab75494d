using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Models;

[Collection(ModelTestData.Collection)]
public sealed class ForwardBackwardTests
{
    [Theory]
    [MemberData(nameof(ModelTestData.ModelNormPairs), MemberType = typeof(ModelTestData))]
    public void Forward_gives_finite_logits_in_training_and_in_eval_with_one_image(string name, string norm)
    {
        var options = new ModelOptions { Norm = Enum.Parse<NormKind>(norm) };
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        using var model = ModelCatalog.Get(name).Create(options);

        var logits = model.call(ModelTestData.Images(2));
        Assert.Equal([2L, 10L], logits.shape);
        Assert.True(logits.isfinite().all().ToBoolean(), "training-mode logits not finite");

        model.eval();
        using var _ = no_grad();
        var single = model.call(ModelTestData.Images(1, seed: 3));
        Assert.Equal([1L, 10L], single.shape);
        Assert.True(single.isfinite().all().ToBoolean(), "eval-mode logits not finite");
    }

    [Theory]
    [MemberData(nameof(ModelTestData.ModelNormPairs), MemberType = typeof(ModelTestData))]
    public void Backward_reaches_every_trainable_parameter_and_no_frozen_one(string name, string norm)
    {
        var options = new ModelOptions { Norm = Enum.Parse<NormKind>(norm) };
        using var scope = NewDisposeScope();
        torch.manual_seed(11);
        using var model = ModelCatalog.Get(name).Create(options);

        var loss = nn.functional.cross_entropy(model.call(ModelTestData.Images(2)), tensor(new long[] { 3, 7 }));
        loss.backward();

        foreach (var (paramName, p) in model.named_parameters())
        {
            using var grad = p.grad;
            if (p.requires_grad)
            {
                Assert.True(grad is not null, $"{paramName} got no gradient");
                Assert.True(grad.isfinite().all().ToBoolean(), $"{paramName} has a non-finite gradient");
            }
            else
            {
                Assert.True(grad is null, $"frozen {paramName} got a gradient");
            }
        }
    }

    [Fact]
    public void Other_class_counts_change_the_output_width()
    {
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get("resnet9").Create(new ModelOptions { NumClasses = 100, Width = 0.25 });
        Assert.Equal([2L, 100L], model.call(ModelTestData.Images(2)).shape);
    }

    [Fact]
    public void Dropout_is_random_in_training_and_off_in_eval()
    {
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get("tutorial-cnn").Create(new ModelOptions { Dropout = 0.5, Norm = NormKind.None });
        var x = ModelTestData.Images(4);
        Assert.False(model.call(x).allclose(model.call(x)), "dropout had no effect in training mode");
        model.eval();
        Assert.True(model.call(x).allclose(model.call(x), rtol: 0, atol: 0), "eval mode is not deterministic");
    }
}

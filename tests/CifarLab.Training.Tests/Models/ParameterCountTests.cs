using CifarLab.Training.Models;
using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Models;

/// <summary>
/// Exact counts, worked out by hand from each architecture's definition (conv: cin·cout·k² [+cout bias];
/// norm: 2·C (weight + bias; BatchNorm's running stats are buffers, not parameters); linear: in·out [+out]).
/// A conv is biased only when no norm follows it.
/// </summary>
[Collection(ModelTestData.Collection)]
public sealed class ParameterCountTests
{
    [Theory]
    // PyTorch tutorial, no norm: conv1 3·6·25+6 = 456; conv2 6·16·25+16 = 2,416; fc1 400·120+120 = 48,120;
    // fc2 120·84+84 = 10,164; fc3 84·10+10 = 850 → 62,006 (the tutorial's published count).
    [InlineData("tutorial-cnn", NormKind.None, 62_006)]
    // BN instead of conv biases: conv1 450 + 12; conv2 2,400 + 32 → 62,006 − 456 − 2,416 + 462 + 2,432 = 62,028.
    [InlineData("tutorial-cnn", NormKind.Batch, 62_028)]
    // AlexNet convs 3·64·9 + 64·192·9 + 192·384·9 + 384·256·9 + 256·256·9 = 1,728 + 110,592 + 663,552 + 884,736
    // + 589,824 = 2,250,432; BN 2·(64+192+384+256+256) = 2,304; fc 4096·1024+1024 = 4,195,328;
    // 1024·1024+1024 = 1,049,600; 1024·10+10 = 10,250 → 7,507,914.
    [InlineData("alexnet", NormKind.Batch, 7_507_914)]
    // No norm: −2,304 norm params, +1,152 conv biases → 7,506,762.
    [InlineData("alexnet", NormKind.None, 7_506_762)]
    // VGG-11 convs 3·64·9 + 64·128·9 + 128·256·9 + 256·256·9 + 256·512·9 + 3·(512·512·9) = 9,217,728;
    // BN 2·(64+128+256+256+512·4) = 5,504; linear 512·10+10 = 5,130 → 9,228,362
    // (kuangliu/pytorch-cifar's VGG11 keeps conv biases as well: + 2,752 = 9,231,114).
    [InlineData("vgg", NormKind.Batch, 9_228_362)]
    // No norm: 9,217,728 + 2,752 biases + 5,130 = 9,225,610.
    [InlineData("vgg", NormKind.None, 9_225_610)]
    // VGG-13/16/19 add 64·64·9, 128·128·9 (13), then 256·256·9 + 2·512·512·9 (16), then again (19), each + 2·C BN:
    // kuangliu/pytorch-cifar's VGG16 keeps conv biases (4,224 of them): 14,728,266 − 4,224 = 14,724,042.
    [InlineData("vgg13", NormKind.Batch, 9_413_066)]
    [InlineData("vgg16", NormKind.Batch, 14_724_042)]
    [InlineData("vgg19", NormKind.Batch, 20_035_018)]
    // He et al.'s CIFAR ResNet-20 (option A shortcuts: none have parameters): stem 3·16·9+32 = 464;
    // stage 1: 6·(16·16·9+32) = 14,016; stage 2: 16·32·9+64 + 5·(32·32·9+64) = 51,072;
    // stage 3: 32·64·9+128 + 5·(64·64·9+128) = 203,520; linear 64·10+10 = 650 → 269,722 (the paper's 0.27M;
    // akamaster/pytorch_resnet_cifar10 prints the same count, and 464,154 / 658,586 / 853,018 / 1,727,962 for the others:
    // each extra block per stage adds 2·(2,336 + 9,280 + 36,992) = 97,216).
    [InlineData("resnet20", NormKind.Batch, 269_722)]
    [InlineData("resnet32", NormKind.Batch, 464_154)]
    [InlineData("resnet44", NormKind.Batch, 658_586)]
    [InlineData("resnet56", NormKind.Batch, 853_018)]
    [InlineData("resnet110", NormKind.Batch, 1_727_962)]
    // No norm: 2·C norm parameters per conv become C biases: −(16 + 3·2·16 + 3·2·32 + 3·2·64) = −688 → 269,034.
    [InlineData("resnet20", NormKind.None, 269_034)]
    // The standard CIFAR ResNet-18 (kuangliu/pytorch-cifar and many papers).
    [InlineData("resnet18", NormKind.Batch, 11_173_962)]
    // GroupNorm has the same 2·C parameters as BatchNorm.
    [InlineData("resnet18", NormKind.Layer, 11_173_962)]
    [InlineData("resnet18", NormKind.Group, 11_173_962)]
    // No norm: conv output channels 64 + 4·64 + (4·128+128) + (4·256+256) + (4·512+512) = 4,800 become biases and
    // 2·4,800 norm parameters go → 11,173,962 − 9,600 + 4,800 = 11,169,162.
    [InlineData("resnet18", NormKind.None, 11_169_162)]
    // ResNet-9: prep 3·64·9+128 = 1,856; layer1 64·128·9+256 = 73,984; res1 2·(128·128·9+256) = 295,424;
    // layer2 128·256·9+512 = 295,424; layer3 256·512·9+1,024 = 1,180,672; res3 2·(512·512·9+1,024) = 4,720,640;
    // linear 512·10 (no bias) = 5,120 → 6,573,120.
    [InlineData("resnet9", NormKind.Batch, 6_573_120)]
    // No norm: −2·2,240 norm params + 2,240 biases (64+128·3+256+512·3) → 6,570,880.
    [InlineData("resnet9", NormKind.None, 6_570_880)]
    // airbench94: stem 24·3·2·2+24 = 312; group1 24·64·9 + 64·64·9 + 2·2·64 = 50,944;
    // group2 64·256·9 + 256·256·9 + 2·2·256 = 738,304; group3 2·(256·256·9) + 2·2·256 = 1,180,672;
    // linear 256·10 = 2,560 → 1,972,792 (RECIPES.md: ~1.97M). BN weights count although frozen.
    [InlineData("airbench94", NormKind.Batch, 1_972_792)]
    // airbench94_muon.py builds the same layers (only the head's init and the logit scale differ).
    [InlineData("airbench94-muon", NormKind.Batch, 1_972_792)]
    // airbench96: stem 312; group1 24·128·9 + 2·(128·128·9) + 3·2·128 = 323,328;
    // group2 128·384·9 + 2·(384·384·9) + 3·2·384 = 3,098,880; group3 384·512·9 + 2·(512·512·9) + 3·2·512 = 6,491,136;
    // linear 512·10 = 5,120 → 9,918,776.
    [InlineData("airbench96", NormKind.Batch, 9_918_776)]
    public void Counts_match_the_published_or_hand_computed_values(string name, NormKind norm, long expected)
    {
        Assert.Equal(expected, ModelCatalog.Get(name).ParameterCount(new ModelOptions { Norm = norm }));
    }

    [Theory]
    // Width 2, no norm: conv1 3·12·25+12 = 912; conv2 12·32·25+32 = 9,632; fc1 800·240+240 = 192,240;
    // fc2 240·168+168 = 40,488; fc3 168·10+10 = 1,690 → 244,962.
    [InlineData("tutorial-cnn", 2.0, NormKind.None, 244_962)]
    // Width 0.5: prep 3·32·9+64 = 928; layer1 32·64·9+128 = 18,560; res1 2·(64·64·9+128) = 73,984;
    // layer2 64·128·9+256 = 73,984; layer3 128·256·9+512 = 295,424; res3 2·(256·256·9+512) = 1,180,672;
    // linear 256·10 = 2,560 → 1,646,112.
    [InlineData("resnet9", 0.5, NormKind.Batch, 1_646_112)]
    // Width 0.5 (the 24-channel stem is fixed by the patch size): 312; group1 24·32·9 + 32·32·9 + 128 = 16,256;
    // group2 32·128·9 + 128·128·9 + 512 = 184,832; group3 2·(128·128·9) + 512 = 295,424; linear 1,280 → 498,104.
    [InlineData("airbench94", 0.5, NormKind.Batch, 498_104)]
    public void Width_multiplier_scales_every_hidden_width(string name, double width, NormKind norm, long expected)
    {
        Assert.Equal(expected, ModelCatalog.Get(name).ParameterCount(new ModelOptions { Width = width, Norm = norm }));
    }

    [Theory]
    [MemberData(nameof(ModelTestData.ModelNames), MemberType = typeof(ModelTestData))]
    public void Wider_is_bigger_and_the_count_matches_the_built_model(string name)
    {
        var info = ModelCatalog.Get(name);
        var narrow = new ModelOptions { Width = 0.25 };
        var half = new ModelOptions { Width = 0.5 };
        Assert.True(info.ParameterCount(half) > info.ParameterCount(narrow));
        using var model = info.Create(half);
        Assert.Equal(ModelSummary.CountParameters(model), info.ParameterCount(half));
    }

    [Fact]
    public void More_classes_only_grow_the_classifier()
    {
        // ResNet-18's linear layer grows from 512·10+10 to 512·100+100: + 46,170.
        var count = ModelCatalog.Get("resnet18").ParameterCount(new ModelOptions { NumClasses = 100 });
        Assert.Equal(11_173_962 + 46_170, count);
    }
}

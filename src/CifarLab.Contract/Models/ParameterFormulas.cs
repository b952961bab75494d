using static CifarLab.Contract.LayerParameters;

namespace CifarLab.Contract;

/// <summary>The parameter count of one architecture at a width, norm and class count; see <see cref="ModelSpec.CountParameters"/>.</summary>
public delegate long ParameterFormula(double width, NormKind norm, int classes);

/// <summary>
/// Each catalog architecture's parameter count, layer by layer as the engine builds it
/// (src/CifarLab.Training/Models/Architectures/ and Models/Blocks/), so that counting needs no network.
/// Hidden channel and unit counts scale with <see cref="ModelWidth.Scale"/>; the input (3 channels) and the classes do
/// not. Tests in CifarLab.Training.Tests build every model and compare.
/// </summary>
internal static class ParameterFormulas
{
    private const int InputChannels = 3;

    /// <summary>TutorialCnn.cs: unpadded 5x5 convs 3 → 6 → 16 (a 5x5 map after two pools), FC 400 → 120 → 84 → classes.</summary>
    public static long TutorialCnn(double width, NormKind norm, int classes)
    {
        int C(int n) => ModelWidth.Scale(n, width);
        return ConvNorm(InputChannels, C(6), norm, kernelSize: 5) + ConvNorm(C(6), C(16), norm, kernelSize: 5)
            + Linear(C(16) * 5 * 5, C(120)) + Linear(C(120), C(84)) + Linear(C(84), classes);
    }

    /// <summary>AlexNet.cs: 3x3 convs 64/192/384/256/256 (a 4x4 map after three pools), FC 1024 → 1024 → classes.</summary>
    public static long AlexNet(double width, NormKind norm, int classes)
    {
        int C(int n) => ModelWidth.Scale(n, width);
        return ConvNorm(InputChannels, C(64), norm) + ConvNorm(C(64), C(192), norm) + ConvNorm(C(192), C(384), norm)
            + ConvNorm(C(384), C(256), norm) + ConvNorm(C(256), C(256), norm)
            + Linear(C(256) * 4 * 4, C(1024)) + Linear(C(1024), C(1024)) + Linear(C(1024), classes);
    }

    /// <summary>Vgg.cs: the plan's 3x3 convs (<see cref="VggPlans"/>; pools have no parameters), linear head on the last.</summary>
    public static ParameterFormula Vgg(int depth)
    {
        var plan = VggPlans.Plan(depth);
        return (width, norm, classes) =>
        {
            long total = 0, channels = InputChannels;
            foreach (var baseCount in plan.Where(c => c != VggPlans.Pool))
            {
                var next = ModelWidth.Scale(baseCount, width);
                total += ConvNorm(channels, next, norm);
                channels = next;
            }
            return total + Linear(channels, classes);
        };
    }

    /// <summary>ResNet9.cs: prep 64, conv 128 + residual pair 128, conv 256, conv 512 + residual pair 512, linear
    /// without bias.</summary>
    public static long ResNet9(double width, NormKind norm, int classes)
    {
        int C(int n) => ModelWidth.Scale(n, width);
        return ConvNorm(InputChannels, C(64), norm)
            + ConvNorm(C(64), C(128), norm) + 2 * ConvNorm(C(128), C(128), norm)
            + ConvNorm(C(128), C(256), norm)
            + ConvNorm(C(256), C(512), norm) + 2 * ConvNorm(C(512), C(512), norm)
            + Linear(C(512), classes, bias: false);
    }

    /// <summary>ResNet18.cs and BasicBlock.cs: 3x3 stem, four stages of two BasicBlocks (64/128/256/512; the first
    /// block of stages 2-4 has stride 2), linear head.</summary>
    public static long ResNet18(double width, NormKind norm, int classes)
    {
        int[] stageWidths = [64, 128, 256, 512];
        long channels = ModelWidth.Scale(stageWidths[0], width);
        var total = ConvNorm(InputChannels, channels, norm);
        for (var stage = 0; stage < stageWidths.Length; stage++)
        {
            var next = ModelWidth.Scale(stageWidths[stage], width);
            for (var block = 0; block < 2; block++)
            {
                var stride = stage > 0 && block == 0 ? 2 : 1;
                total += BasicBlock(channels, next, stride, norm);
                channels = next;
            }
        }
        return total + Linear(channels, classes);
    }

    /// <summary>CifarResNet.cs: 3x3 stem, three stages of n BasicBlocks (<see cref="CifarResNetPlan"/>) whose
    /// shortcuts have no parameters (option A), linear head.</summary>
    public static ParameterFormula CifarResNet(int depth)
    {
        var blocks = CifarResNetPlan.BlocksPerStage(depth);
        return (width, norm, classes) =>
        {
            long channels = ModelWidth.Scale(CifarResNetPlan.StageWidths[0], width);
            var total = ConvNorm(InputChannels, channels, norm);
            foreach (var baseCount in CifarResNetPlan.StageWidths)
            {
                var next = ModelWidth.Scale(baseCount, width);
                total += ConvNorm(channels, next, norm) + ConvNorm(next, next, norm)
                    + (blocks - 1) * (ConvNorm(next, next, norm) + ConvNorm(next, next, norm));
                channels = next;
            }
            return total + Linear(channels, classes);
        };
    }

    /// <summary>Two 3x3 conv units; a 1x1 conv unit on the shortcut when the stride or the channels change.</summary>
    private static long BasicBlock(long inChannels, long outChannels, int stride, NormKind norm) =>
        ConvNorm(inChannels, outChannels, norm) + ConvNorm(outChannels, outChannels, norm)
        + (stride != 1 || inChannels != outChannels ? ConvNorm(inChannels, outChannels, norm, kernelSize: 1) : 0);

    /// <summary>
    /// AirbenchNet.cs, WhiteningStem.cs and AirbenchGroup.cs: the whitening stem (a biased 2x2 conv 3 → 2·3·2·2 = 24,
    /// width-independent: it holds the patch eigenvectors and their negatives), then groups of two (three when
    /// <paramref name="residual"/>) bias-free 3x3 convs, each with a BatchNorm (its frozen scale counts), and a linear
    /// head without bias. Airbench only supports BatchNorm, so <see cref="NormKind"/> is not an input.
    /// </summary>
    public static ParameterFormula Airbench(int[] groupWidths, bool residual) => (width, _, classes) =>
    {
        const int stemKernel = 2;
        const long stemChannels = 2 * InputChannels * stemKernel * stemKernel;
        var convsPerGroup = residual ? 3 : 2;
        var total = Conv(InputChannels, stemChannels, stemKernel, bias: true);
        var channels = stemChannels;
        foreach (var baseCount in groupWidths)
        {
            long next = ModelWidth.Scale(baseCount, width);
            total += Conv(channels, next, 3, bias: false) + (convsPerGroup - 1) * Conv(next, next, 3, bias: false)
                + convsPerGroup * Norm(NormKind.Batch, next);
            channels = next;
        }
        return total + Linear(channels, classes, bias: false);
    };
}

namespace CifarLab.Web.Lab;

/// <summary>
/// How much work a config asks for, known before it runs: training images per epoch (the train limit, or the whole
/// training set, whose size is the limit option's largest value) and optimizer steps per epoch (the last partial batch
/// dropped, as the trainer does).
/// </summary>
public static class RunShape
{
    /// <summary>CIFAR-10's training images, the largest <see cref="RunOptions.TrainLimit"/>.</summary>
    public static int FullTrainSet => RunOptions.TrainLimit.Max;

    public static int TrainImages(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.TrainLimit > 0 ? Math.Min(config.TrainLimit, FullTrainSet) : FullTrainSet;
    }

    public static int StepsPerEpoch(RunConfig config)
    {
        var images = TrainImages(config);
        return Math.Max(1, images / Math.Clamp(config.BatchSize, 1, images));
    }

    /// <summary>Images the training passes go through (epochs x images per epoch, the dropped tail excluded).</summary>
    public static long TrainedImages(RunConfig config) =>
        (long)StepsPerEpoch(config) * Math.Clamp(config.BatchSize, 1, TrainImages(config)) * Math.Max(0, config.Epochs);
}

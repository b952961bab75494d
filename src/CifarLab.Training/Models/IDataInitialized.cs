using static TorchSharp.torch;

namespace CifarLab.Training.Models;

/// <summary>
/// A model with data-dependent initialization (airbench's whitening stem). The trainer calls it once,
/// after creating the model and before the first step.
/// </summary>
public interface IDataInitialized
{
    /// <param name="normalizedTrainImages">Training images after mean/std normalization, [N, 3, H, W]
    /// (no augmentation). Implementations decide how many of the first images they use.</param>
    void InitializeFromData(Tensor normalizedTrainImages);
}

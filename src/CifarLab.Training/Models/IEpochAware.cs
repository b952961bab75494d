namespace CifarLab.Training.Models;

/// <summary>A model whose trainable set changes with the epoch (airbench freezes its stem bias after 3 epochs).</summary>
public interface IEpochAware
{
    /// <param name="epoch">0-based index of the epoch about to start.</param>
    void OnEpochStart(int epoch);
}

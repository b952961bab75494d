using TorchSharp.Modules;

namespace CifarLab.Training.Models;

/// <summary>
/// A model some of whose parameters follow their own learning-rate multiplier instead of the run's schedule
/// (airbench94_muon's whitening bias decays linearly to zero over the epochs it trains). The optimizer gives these
/// parameters the peak lr and weight decay their group would give them, in a group of their own.
/// </summary>
public interface IOwnLrSchedule
{
    /// <summary>The parameters on their own schedule (read after the model reached its device and dtype).</summary>
    IReadOnlyList<Parameter> OwnScheduleParameters { get; }

    /// <summary>The multiplier on their peak lr for the update at 0-based <paramref name="globalStep"/>.</summary>
    double OwnLrMultiplier(int globalStep, int stepsPerEpoch);
}

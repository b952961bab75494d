namespace CifarLab.Training.Training;

/// <summary>
/// <see cref="RunConfig.EarlyStopPatience"/>: stop when the last <c>patience</c> epochs brought no validation accuracy
/// above the best one before them. Read from the epoch history alone, so a resumed run decides as the uninterrupted one.
/// </summary>
public static class EarlyStop
{
    /// <param name="config">The run (patience; 0 = never stop).</param>
    /// <param name="history">The finished epochs before <paramref name="epoch"/>.</param>
    /// <param name="epoch">The epoch just trained, 1-based.</param>
    /// <param name="validationAccuracy">Its validation accuracy, or null when it was not scored (no decision then).</param>
    public static bool ShouldStop(RunConfig config, IReadOnlyList<EpochMetrics> history, int epoch, double? validationAccuracy)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(history);
        if (config.EarlyStopPatience <= 0 || validationAccuracy is not { } current)
        {
            return false;
        }
        var scored = history.Where(h => h.ValidationAccuracy is not null)
            .Select(h => (h.Epoch, Accuracy: h.ValidationAccuracy!.Value))
            .Append((Epoch: epoch, Accuracy: current))
            .ToList();
        var best = scored.Max(h => h.Accuracy);
        var bestEpoch = scored.First(h => h.Accuracy == best).Epoch;
        return epoch - bestEpoch >= config.EarlyStopPatience;
    }
}

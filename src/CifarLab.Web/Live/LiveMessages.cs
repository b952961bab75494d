namespace CifarLab.Web.Live;

/// <summary>Base of what the hub and the in-process notifier publish; all carry their run id.</summary>
public abstract record LiveMessage(int RunId);

public sealed record RunStatusMessage(
    int RunId,
    string Status,
    string? Phase,
    string? Error,
    double? TestAccuracy,
    DateTime At) : LiveMessage(RunId);

public sealed record RunProgressMessage(
    int RunId,
    int Epoch,
    int Epochs,
    int Step,
    int TotalSteps,
    double Fraction,
    double RunningLoss,
    double ImagesPerSecond,
    double LearningRate,
    double ElapsedSeconds,
    double EtaSeconds) : LiveMessage(RunId);

public sealed record RunEpochMessage(
    int RunId,
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? TestLoss,
    double? TestAccuracy,
    double LearningRate,
    double EpochSeconds,
    double ImagesPerSecond) : LiveMessage(RunId);

/// <summary>Dataset download progress (run id 0: it belongs to no run).</summary>
public sealed record DatasetMessage(string Stage, double? Fraction, string Message, bool Done, bool Failed)
    : LiveMessage(0);

using System.Text.Json.Serialization;
using CifarLab.Web.Data;

namespace CifarLab.Web.Live;

/// <summary>Base of what the hub and the in-process notifier publish about one run.</summary>
public abstract record RunMessage(int RunId);

/// <summary>
/// A run's status changed, or (same status, new phase) a running run moved on. The status is typed; on the wire it is
/// the enum's name ("Running"), as the REST API writes it.
/// </summary>
public sealed record RunStatusMessage(
    int RunId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))] RunStatus Status,
    string? Phase,
    string? Error,
    double? TestAccuracy,
    DateTime At,
    double? ValidationAccuracy = null) : RunMessage(RunId);

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
    double EtaSeconds) : RunMessage(RunId);

/// <summary>One finished epoch: the engine's own <see cref="EpochMetrics"/>, carried as they are (flat on the wire).</summary>
[JsonConverter(typeof(RunEpochMessageJson))]
public sealed record RunEpochMessage(int RunId, EpochMetrics Metrics) : RunMessage(RunId);

/// <summary>A run and its files were deleted.</summary>
public sealed record RunDeletedMessage(int RunId) : RunMessage(RunId);

/// <summary>Dataset download progress. It belongs to no run, so it has its own channel (never the hub's run groups).</summary>
public sealed record DatasetMessage(string Stage, double? Fraction, string Message, bool Done, bool Failed);

using CifarLab.Web.Live;

namespace CifarLab.Web.Api;

/// <summary>POST /api/runs body: a run config plus optional name, tags and notes.</summary>
public sealed record LaunchRunBody
{
    public RunConfig? Config { get; init; }
    public string? Name { get; init; }
    public List<string>? Tags { get; init; }
    public string? Notes { get; init; }
}

/// <summary>POST /api/groups body: a run config repeated over <see cref="Seeds"/> seeds (base, base+1, …).</summary>
public sealed record LaunchGroupBody
{
    public RunConfig? Config { get; init; }
    public int Seeds { get; init; }
    public string? Name { get; init; }
    public List<string>? Tags { get; init; }
    public string? Notes { get; init; }
}

/// <summary>PATCH /api/runs/{id} body: the fields to change; absent fields stay as they are.</summary>
public sealed record EditRunBody
{
    public string? Name { get; init; }
    public List<string>? Tags { get; init; }
    public string? Notes { get; init; }
}

public sealed record CreatedRun(int Id, string Status, string Url);

public sealed record CommandReply(int Id, string Message, int? NewRunId = null);

public sealed record RunSummaryDto(
    int Id, string Name, string Model, string Status, double? TestAccuracy, double? TrainSeconds,
    int Epochs, int CompletedEpochs, long? ParameterCount, IReadOnlyList<string> Tags, DateTime CreatedAt, string Device,
    bool? OfficialData, string? Owner, double? ValidationAccuracy = null);

public sealed record RunListDto(IReadOnlyList<RunSummaryDto> Items, int Total, int Page, int PageSize);

public sealed record ArtifactDto(string Kind, string Path, long SizeBytes, string Url);

public sealed record ResultDto(int TestCount, double[] PerClassAccuracy, int[][] ConfusionMatrix, int MisclassifiedCount);

public sealed record RunDetailDto(
    int Id, string Name, string Status, string? Phase, string? Error, string Model, string Device,
    IReadOnlyList<string> Tags, string? Notes, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt,
    int Epochs, int CompletedEpochs, double? TestAccuracy, double? TestLoss, double? TrainSeconds,
    double? ImagesPerSecond, long? ParameterCount, string? ActualDevice, int? SourceRunId,
    RunConfig Config, IReadOnlyList<EpochMetrics> Metrics, ResultDto? Result, IReadOnlyList<ArtifactDto> Artifacts,
    RunProgressMessage? Progress, bool? OfficialData, DatasetProvenance? Dataset, string? Owner, CheckpointDto? Checkpoint = null, string? Origin = null,
    double? ValidationAccuracy = null, double? ValidationLoss = null);

/// <summary>The weights GET /api/runs/{id}/checkpoint serves: kind "final", or "last-epoch" (with its epoch) for a run
/// that did not finish.</summary>
public sealed record CheckpointDto(string Kind, int? Epoch, string Label, string Url);

using System.Text.Json;
using CifarLab.Web.Data;
using CifarLab.Web.Live;
using CifarLab.Web.Lab;

namespace CifarLab.Web.Api;

public static class RunDtoMapper
{
    public static RunSummaryDto ToDto(this RunRow r) => new(r.Id, r.Name, r.Model, r.Status.ToString(), r.TestAccuracy,
        r.TrainSeconds, r.Epochs, r.CompletedEpochs, r.ParameterCount, r.TagList, r.CreatedAt, r.Device, r.OfficialData, r.Owner, r.ValidationAccuracy);

    public static RunDetailDto ToDto(this RunRecord r, RunProgressMessage? progress)
    {
        ResultDto? result = null;
        if (r.Result is { } res)
        {
            var misclassified = JsonSerializer.Deserialize<List<Misclassified>>(res.MisclassifiedJson) ?? [];
            result = new ResultDto(res.TestCount,
                JsonSerializer.Deserialize<double[]>(res.PerClassAccuracyJson) ?? [],
                JsonSerializer.Deserialize<int[][]>(res.ConfusionMatrixJson) ?? [],
                misclassified.Count);
        }
        return new RunDetailDto(r.Id, r.Name, r.Status.ToString(), r.Phase, r.Error, r.Model, r.Device, r.TagList, r.Notes,
            r.CreatedAt, r.StartedAt, r.FinishedAt, r.Epochs, r.CompletedEpochs, r.TestAccuracy, r.TestLoss, r.TrainSeconds,
            r.ImagesPerSecond, r.ParameterCount, r.ActualDevice, r.SourceRunId, RunConfig.FromJson(r.ConfigJson),
            r.EpochRows.Select(e => e.ToMetrics()).ToList(),
            result,
            r.Artifacts.Select(a => new ArtifactDto(a.Kind, a.RelativePath, a.SizeBytes,
                $"/api/runs/{r.Id}/files?path={Uri.EscapeDataString(a.RelativePath)}")).ToList(),
            r.Status == RunStatus.Running ? progress : null,
            r.OfficialData,
            r.DatasetJson is null ? null : JsonSerializer.Deserialize<DatasetProvenance>(r.DatasetJson),
            r.Owner,
            CheckpointOffers.For(r.Id, r.Status, r.Artifacts.Select(a => a.RelativePath)) is { } offer
                ? new CheckpointDto(offer.Kind, offer.Epoch, offer.Label, offer.Url)
                : null,
            PresetOrigin.Describe(RunConfig.FromJson(r.ConfigJson)),
            r.ValidationAccuracy,
            r.ValidationLoss);
    }
}

using CifarLab.Web.Data;

namespace CifarLab.Web.Lab;

/// <summary>The weights a run's download offers: its final weights, or the last epoch checkpoint of a run that did
/// not finish.</summary>
public sealed record CheckpointOffer(string Kind, int? Epoch, string Label, string Url, IReadOnlyList<string> Files);

/// <summary>
/// Which weights a run's checkpoint download holds, in one place for the API, the run page and the download itself.
/// A Completed run offers its final files (model.bin, model.safetensors, config.json, result.json). An Interrupted,
/// Failed or Cancelled run offers its newest finished epoch checkpoint, labelled "last epoch checkpoint (epoch N)":
/// never a final file, which may be missing or half of a set when the run stopped while exporting. A queued or
/// running run offers nothing (its files are still changing).
/// </summary>
public static class CheckpointOffers
{
    public const string Final = "final";
    public const string LastEpoch = "last-epoch";

    /// <param name="finishedFiles">The run folder's finished files, relative ("model.bin", "epoch-0003/model.bin").</param>
    public static CheckpointOffer? For(int runId, RunStatus status, IEnumerable<string> finishedFiles)
    {
        var files = finishedFiles.Select(f => f.Replace('\\', '/')).ToList();
        var url = $"/api/runs/{runId}/checkpoint";
        if (status == RunStatus.Completed)
        {
            var top = files.Where(f => !f.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            return top.Contains(CheckpointLayout.ModelFile) ? new CheckpointOffer(Final, null, "Final weights", url, top) : null;
        }
        if (status is not (RunStatus.Interrupted or RunStatus.Failed or RunStatus.Cancelled))
        {
            return null;
        }
        var latest = files
            .Select(f => f.Split('/'))
            .Where(p => p.Length == 2 && p[1] == CheckpointLayout.ModelFile)
            .Select(p => CheckpointLayout.EpochOf(p[0]))
            .Max();
        if (latest is not { } epoch)
        {
            return null;
        }
        var folder = CheckpointLayout.EpochFolder(epoch) + "/";
        var inFolder = files.Where(f => f.StartsWith(folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return new CheckpointOffer(LastEpoch, epoch, $"Last epoch checkpoint (epoch {epoch})", url, inFolder);
    }
}

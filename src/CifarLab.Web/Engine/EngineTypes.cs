using CifarLab.Training.Training;

namespace CifarLab.Web.Engine;

/// <summary>An invalid setting: Field is the RunConfig property (or request field) name.</summary>
public sealed record FieldError(string Field, string Message);

public sealed record ModelChoice(
    string Name,
    string DisplayName,
    string Description,
    IReadOnlyList<NormKind> SupportedNorms,
    bool SupportsDropout);

public sealed record PresetChoice(string Name, string Title, string Description, RunConfig Config);

/// <summary>What the native backend reports about this machine (the environment panel and /health).</summary>
public sealed record BackendReport(
    bool Ok,
    string? TorchSharpVersion,
    string? LibTorchVersion,
    string DefaultDevice,
    bool CudaAvailable,
    int Threads,
    string? Error,
    string? Fix);

/// <summary>Dataset state for the home page: Ready, Missing (will download), or Error with the fix.</summary>
public sealed record DatasetReadiness(string State, string Message, string? Folder)
{
    public bool IsReady => string.Equals(State, "Ready", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Download/extract progress; Fraction is null when the total size is unknown.</summary>
public sealed record DatasetProgress(string Stage, double? Fraction, string Message);

/// <summary>How the worker asks for one run to train.</summary>
public sealed record TrainRequest(RunConfig Config, string RunDirectory, bool Resume);

using CifarLab.Training.Training;

namespace CifarLab.Web.Engine;

/// <summary>An invalid setting: Field is the RunConfig property name, or Name/Tags/Notes.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>A catalog model as the pages show it (the engine's entry also carries its factory).</summary>
public sealed record ModelChoice(
    string Name,
    string DisplayName,
    string Description,
    string Source,
    IReadOnlyList<NormKind> SupportedNorms,
    bool SupportsDropout);

/// <summary>How the worker asks for one run to train.</summary>
public sealed record TrainRequest(RunConfig Config, string RunDirectory, bool Resume);

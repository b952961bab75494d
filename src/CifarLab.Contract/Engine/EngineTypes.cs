
namespace CifarLab.Contract;

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

/// <summary>One test image kept with a finished run: its index in the test set and its R, G, B planes (3 x 32 x 32 bytes).</summary>
public sealed record TestImage(int TestIndex, byte[] Pixels);

/// <summary>
/// What a finished run leaves: its result, labelled with the data it trained on, and the pixels of the test images
/// it got wrong, so its page does not depend on the dataset staying where it was.
/// </summary>
public sealed record TrainedRun(TrainingResult Result, IReadOnlyList<TestImage> MisclassifiedImages);

/// <summary>Reported once a run's dataset is prepared, before training: even a running run says whether its data is official.</summary>
public sealed record DatasetReady(DatasetProvenance Dataset) : TrainingEvent;

using CifarLab.Training.Environment;

namespace CifarLab.Web.Engine;

/// <summary>The backend probe, taken once: the loaded native library does not change while we run.</summary>
public sealed class BackendInfo(ITrainingEngine engine)
{
    private readonly Lazy<BackendReport> _report = new(engine.ProbeBackend);

    public BackendReport Report => _report.Value;
}

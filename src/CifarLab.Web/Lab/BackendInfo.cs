using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Lab;

/// <summary>
/// The native backend, probed once and only in a host that trains: a UI-only host (Worker:Enabled=false) never loads
/// libtorch, so it has no report; its runs are trained, and their backends recorded, by the worker processes.
/// </summary>
public sealed class BackendInfo(ITrainingEngine engine, IOptions<WorkerOptions> worker)
{
    private readonly Lazy<BackendReport> _report = new(engine.ProbeBackend);

    /// <summary>Whether this process trains runs.</summary>
    public bool Trains => worker.Value.Enabled;

    /// <summary>The probe, or null when this process does not train.</summary>
    public BackendReport? Report => Trains ? _report.Value : null;
}

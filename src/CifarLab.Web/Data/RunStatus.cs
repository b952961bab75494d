namespace CifarLab.Web.Data;

/// <summary>Lifecycle of a run. Stored as text so the queue's conditional UPDATEs stay readable.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
    /// <summary>The app stopped mid-run; it can resume from its last checkpoint.</summary>
    Interrupted,
}

public static class RunStatusExtensions
{
    public static bool IsFinal(this RunStatus s) =>
        s is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    public static bool IsActive(this RunStatus s) => s is RunStatus.Queued or RunStatus.Running;
}

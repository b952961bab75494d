namespace CifarLab.Web.Options;

/// <summary>The training worker inside this process.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>False turns this process into a pure UI/API host that only enqueues runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Identity stamped on the runs this process claims. It must stay the same across restarts so that
    /// a restarted worker recognises its own orphaned runs and marks them Interrupted.
    /// Empty means the machine name.
    /// </summary>
    public string? WorkerId { get; set; }

    /// <summary>
    /// One job slot per entry, each running one run at a time: "auto" takes any run, "cpu" or
    /// "cuda:N" only runs that asked for that device (or for "auto"). Empty means one "auto" slot.
    /// (No default items here: the configuration binder appends to an initialised array.)
    /// </summary>
    public string[] Devices { get; set; } = [];

    public IReadOnlyList<string> ResolveDevices() =>
        Devices.Length == 0 ? ["auto"] : Devices.Select(d => d.Trim().ToLowerInvariant()).ToList();

    /// <summary>How often an idle slot looks at the queue when nothing woke it (seconds).</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>A running run's lease; renewed while it trains, so a dead worker's runs can be detected.</summary>
    public double LeaseSeconds { get; set; } = 60;

    /// <summary>Minimum gap between two step-progress messages of one run (milliseconds).</summary>
    public int ProgressIntervalMs { get; set; } = 250;

    /// <summary>libtorch intra-op CPU threads per run; 0 leaves libtorch's default (all cores).</summary>
    public int CpuThreads { get; set; }

    /// <summary>Queue the runs found Interrupted at startup again, resuming from their last checkpoint.</summary>
    public bool AutoResumeInterrupted { get; set; }

    public string ResolveWorkerId() =>
        string.IsNullOrWhiteSpace(WorkerId) ? System.Environment.MachineName : WorkerId.Trim();
}

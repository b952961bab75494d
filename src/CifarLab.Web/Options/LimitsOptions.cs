namespace CifarLab.Web.Options;

/// <summary>
/// How much one client may send and ask for ("Limits" settings). Text lengths of a launch are not settings: they are
/// part of the run contract (<c>CifarLab.Contract.TextLimits</c>).
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body, in bytes; a larger one is answered 413. A run request is a few KiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How many hub groups (runs, or "all") one live connection may join at once.</summary>
    public int MaxHubGroupsPerConnection { get; set; } = 100;

    /// <summary>Runs one client may launch (POST /api/runs) per <see cref="RateWindowSeconds"/>.</summary>
    public int LaunchesPerWindow { get; set; } = 30;

    /// <summary>Other state-changing API calls (cancel, resume, rerun, move, delete) one client may make per window.</summary>
    public int CommandsPerWindow { get; set; } = 120;

    /// <summary>The rate-limit window, in seconds.</summary>
    public int RateWindowSeconds { get; set; } = 60;
}

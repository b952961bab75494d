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

    /// <summary>Runs one account (or, without sign-in, one client address) may launch (POST /api/runs) per <see cref="RateWindowSeconds"/>.</summary>
    public int LaunchesPerWindow { get; set; } = 30;

    /// <summary>Other state-changing API calls (cancel, resume, rerun, move, delete) one account (or client address) may make per window.</summary>
    public int CommandsPerWindow { get; set; } = 120;

    /// <summary>Password sign-ins (POST /account/signin) one client address may try per window, right or wrong.
    /// Wrong passwords also lock the account for a while (<c>Auth:MaxFailedSignIns</c>).</summary>
    public int SignInsPerWindow { get; set; } = 10;

    /// <summary>The rate-limit window, in seconds.</summary>
    public int RateWindowSeconds { get; set; } = 60;
}

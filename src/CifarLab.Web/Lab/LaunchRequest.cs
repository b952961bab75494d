using CifarLab.Web.Accounts;

namespace CifarLab.Web.Lab;

/// <summary>A run to enqueue: its config plus the lab's own bookkeeping.</summary>
public sealed record LaunchRequest
{
    public required RunConfig Config { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Notes { get; init; }
    /// <summary>The run this one was cloned or re-run from.</summary>
    public int? SourceRunId { get; init; }
    /// <summary>The account launching it; null when sign-in is not required.</summary>
    public string? Owner { get; init; }
    /// <summary>The seed group it is one run of.</summary>
    public int? GroupId { get; init; }
}

/// <summary>Either the new run's id or the reasons it was refused: invalid fields, or a per-account limit.</summary>
public sealed record LaunchResult(int? RunId, IReadOnlyList<FieldError> Errors, QuotaRefusal? OverQuota = null)
{
    public bool Succeeded => RunId is not null;
}

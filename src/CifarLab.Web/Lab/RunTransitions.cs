using System.Linq.Expressions;
using CifarLab.Web.Data;

namespace CifarLab.Web.Lab;

/// <summary>What a user or a worker does to a run; each is one conditional update in <see cref="RunLifecycle"/>.</summary>
public enum RunAction
{
    /// <summary>A worker takes a queued run.</summary>
    Claim,
    /// <summary>A worker reports a phase, an epoch, a lease renewal, or ends the run (completed, failed, cancelled, interrupted).</summary>
    Train,
    /// <summary>A user stops a run: at once when it waits, through its worker when it trains.</summary>
    Cancel,
    Resume,
    Rerun,
    Delete,
    /// <summary>A user reorders the queue.</summary>
    Move,
}

/// <summary>
/// The one table of which statuses allow which action. The lifecycle puts it in its UPDATEs' WHERE clauses, the API
/// answers 409 from it, and the run page shows only the buttons it allows.
/// </summary>
public static class RunTransitions
{
    private static readonly RunStatus[] Every = Enum.GetValues<RunStatus>();

    private static readonly Dictionary<RunAction, RunStatus[]> From = new()
    {
        [RunAction.Claim] = [RunStatus.Queued],
        [RunAction.Train] = [RunStatus.Running],
        [RunAction.Cancel] = [RunStatus.Queued, RunStatus.Running, RunStatus.Interrupted],
        // A failed run resumes too: one failed by a full disk continues from its last good checkpoint once space is back.
        // A cancelled run resumes only from a checkpoint (ResumeNeedsCheckpoint): cancelled while queued, it has nothing to continue.
        [RunAction.Resume] = [RunStatus.Interrupted, RunStatus.Failed, RunStatus.Cancelled],
        [RunAction.Rerun] = Every,
        [RunAction.Delete] = [.. Every.Where(s => s != RunStatus.Running)],
        [RunAction.Move] = [RunStatus.Queued],
    };

    /// <summary>A run in this status resumes only when it has an epoch checkpoint (one cancelled before any has nothing to
    /// continue; re-run it instead). Interrupted and failed runs without one start again from epoch 1.</summary>
    public static bool ResumeNeedsCheckpoint(RunStatus status) => status == RunStatus.Cancelled;

    /// <summary>The statuses a run may be in for the action.</summary>
    public static IReadOnlyList<RunStatus> AllowedFrom(RunAction action) => From[action];

    public static bool Allows(this RunStatus status, RunAction action) => From[action].Contains(status);

    /// <summary>The table as a WHERE clause, one equality per allowed status OR-ed together (an indexed comparison in SQL).</summary>
    public static Expression<Func<RunRecord, bool>> StatusAllows(RunAction action)
    {
        var run = Expression.Parameter(typeof(RunRecord), "r");
        var status = Expression.Property(run, nameof(RunRecord.Status));
        var body = From[action]
            .Select(s => (Expression)Expression.Equal(status, Expression.Constant(s)))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<RunRecord, bool>>(body, run);
    }

    /// <summary>Why the action is refused, naming the run's status and the ones that allow it.</summary>
    public static string Refusal(int runId, RunStatus status, RunAction action, string verb) =>
        $"Run {runId} is {status}; only a run that is {string.Join(" or ", From[action])} can be {verb}.";
}

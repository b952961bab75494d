using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Lab;

/// <summary>A change to a run's name, tags or notes; null fields stay as they are.</summary>
public sealed record RunEdit(string? Name, IReadOnlyList<string>? Tags, string? Notes);

/// <summary>
/// Edits what describes a run after launch (name, tags, notes) under the same text rules as a launch. Never its
/// status or config: those belong to <see cref="RunLifecycle"/> and the run's history.
/// </summary>
public sealed class RunEditor(IDbContextFactory<LabDbContext> dbFactory)
{
    public async Task<(CommandOutcome Outcome, IReadOnlyList<FieldError> Errors)> EditAsync(int runId, RunEdit edit, CancellationToken ct = default)
    {
        var errors = RunRequestValidator.ValidateText(edit.Name, edit.Tags, edit.Notes).ToList();
        if (edit.Name is not null && string.IsNullOrWhiteSpace(edit.Name))
        {
            errors.Add(new FieldError("Name", "Name cannot be empty; leave it out to keep the current name."));
        }
        if (errors.Count > 0)
        {
            return (CommandOutcome.Conflict, errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return (CommandOutcome.NotFound, []);
        }
        if (edit.Name is not null)
        {
            run.Name = edit.Name.Trim();
        }
        if (edit.Tags is not null)
        {
            run.Tags = TagText.Join(edit.Tags);
        }
        if (edit.Notes is not null)
        {
            run.Notes = string.IsNullOrWhiteSpace(edit.Notes) ? null : edit.Notes;
        }
        await db.SaveChangesAsync(ct);
        return (CommandOutcome.Done, []);
    }
}

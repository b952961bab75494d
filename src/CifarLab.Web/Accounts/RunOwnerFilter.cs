using CifarLab.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Accounts;

/// <summary>
/// On an endpoint acting on run <c>{id}</c>: runners may act only on runs they launched, admins on all. A run that
/// does not exist passes through to the endpoint's own 404.
/// </summary>
public sealed class RunOwnerFilter(IDbContextFactory<LabDbContext> dbFactory) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues["id"] is not string text || !int.TryParse(text, out var id))
        {
            return await next(context);
        }
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var run = await db.Runs.Where(r => r.Id == id).Select(r => new { r.Owner }).SingleOrDefaultAsync(http.RequestAborted);
        if (run is null || http.User.MayControl(run.Owner))
        {
            return await next(context);
        }
        var whose = run.Owner is null ? "was launched without an account" : $"belongs to {run.Owner}";
        return Results.Problem($"Run {id} {whose}; runners control only their own runs, admins control every run.",
            statusCode: StatusCodes.Status403Forbidden, title: "Not your run");
    }
}

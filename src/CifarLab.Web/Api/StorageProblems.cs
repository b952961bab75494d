using CifarLab.Web.Extensions;
using CifarLab.Web.Lab;
using Microsoft.AspNetCore.Diagnostics;

namespace CifarLab.Web.Api;

/// <summary>
/// 507 Insufficient Storage, as problem+json, for a request the lab cannot serve because it cannot write: refused
/// up front while <see cref="StorageHealth"/> holds a fault, or failed half-way by a full disk or an unwritable
/// database or folder (which then sets that fault). Never a 500 page.
/// </summary>
public sealed class StorageProblems(StorageHealth health, LabPaths paths, IProblemDetailsService problems) : IExceptionHandler
{
    public const string Title = "The lab cannot write its files.";

    public static IResult Refuse(StorageFault fault) =>
        Results.Problem(fault.Message, statusCode: StatusCodes.Status507InsufficientStorage, title: Title);

    /// <summary>
    /// In every environment (the framework's exception handler, which calls this class too, is used only outside
    /// Development): a storage failure on any path is 507 problem+json, never the developer page or the error page.
    /// Other exceptions go on to whatever handles them.
    /// </summary>
    public static IApplicationBuilder UseStorageProblems(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var handler = context.RequestServices.GetServices<IExceptionHandler>().OfType<StorageProblems>().Single();
            if (!await handler.TryHandleAsync(context, ex, context.RequestAborted))
            {
                throw;
            }
        }
    });

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (StorageFaults.Describe(exception, "the request's data", paths.DataDirectory) is not { } message)
        {
            return false;
        }
        health.Failed(message);
        httpContext.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status507InsufficientStorage, Title = Title, Detail = message },
        });
    }
}

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

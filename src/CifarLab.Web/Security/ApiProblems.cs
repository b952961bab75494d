using System.Text.Json;
using System.Text.RegularExpressions;
using CifarLab.Web.Options;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Security;

/// <summary>
/// Every error of the REST API is problem+json with the right status, never a page or an empty body: the
/// status-code pages (which re-execute into the not-found page) are turned off for API paths, an error answered
/// without a body (no route 404, wrong method 405, wrong Content-Type 415) gets one that says what was wrong and
/// what is allowed, a request that cannot be read (a query value that does not parse, a body over the limit) gets
/// 400 or 413 naming the parameter, and an unexpected failure a 500 without internals (unless a registered IExceptionHandler, such as the
/// storage one's 507, answers it).
/// </summary>
public sealed partial class ApiProblems(RequestDelegate next, ILogger<ApiProblems> log, IOptions<LimitsOptions> limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var api = SecurityPaths.IsApi(context.Request);
        if (api && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await BadRequest(context, ex).ExecuteAsync(context);
            return;
        }
        catch (Exception ex) when (api && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // A registered exception handler that knows the failure (a full disk: 507) answers first.
            foreach (var handler in context.RequestServices.GetServices<IExceptionHandler>())
            {
                if (await handler.TryHandleAsync(context, ex, context.RequestAborted))
                {
                    return;
                }
            }
            log.LogError(ex, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path);
            await Results.Problem("The server failed to answer this request; the error has been logged.",
                statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
            return;
        }
        var response = context.Response;
        if (api && response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            await Results.Problem(Explain(context), statusCode: response.StatusCode).ExecuteAsync(context);
        }
    }

    private IResult BadRequest(HttpContext context, BadHttpRequestException ex)
    {
        if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Problem(RequestBodyLimit.Explain(limits.Value.MaxRequestBodyBytes), statusCode: ex.StatusCode);
        }
        // Minimal APIs say 'Failed to bind parameter "Nullable<int> page" from "abc".'; the API's query names are camelCase.
        var bind = BindFailure().Match(ex.Message);
        if (!bind.Success)
        {
            return Results.Problem(ex.Message, statusCode: ex.StatusCode);
        }
        var parameter = JsonNamingPolicy.CamelCase.ConvertName(bind.Groups["name"].Value);
        var message = bind.Groups["value"].Success
            ? $"'{bind.Groups["value"].Value}' is not {Kind(bind.Groups["type"].Value)}."
            : ex.Message;
        return Results.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] },
            title: $"The parameter '{parameter}' is invalid.", statusCode: ex.StatusCode);
    }

    private static string Kind(string type) => type switch
    {
        _ when type.Contains("int", StringComparison.OrdinalIgnoreCase) => "a whole number in range",
        _ when type.Contains("double", StringComparison.OrdinalIgnoreCase) => "a number",
        _ when type.Contains("Bool", StringComparison.OrdinalIgnoreCase) => "true or false",
        _ when type.Contains("DateTime", StringComparison.Ordinal) => "a date (e.g. 2026-12-03 or 2026-12-03T14:00:00Z)",
        _ => $"a valid {type}",
    };

    private static string? Explain(HttpContext context)
    {
        var request = context.Request;
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"There is no API endpoint at {request.Method} {request.Path}; the API is described at /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}; allowed: {Allowed(context)}.",
            StatusCodes.Status415UnsupportedMediaType => $"Send the body as JSON (Content-Type: application/json); got '{(string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType)}'.",
            _ => null,
        };
    }

    private static string Allowed(HttpContext context) =>
        context.Response.Headers.Allow is { Count: > 0 } allow ? allow.ToString() : "see /openapi/v1.json";

    [GeneratedRegex("""parameter "(?<type>[^"]*?) ?(?<name>\w+)"(?: from "(?<value>[^"]*)")?""")]
    private static partial Regex BindFailure();
}

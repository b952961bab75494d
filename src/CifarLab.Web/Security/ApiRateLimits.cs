using System.Globalization;
using System.Threading.RateLimiting;
using CifarLab.Web.Options;
using Microsoft.AspNetCore.RateLimiting;

namespace CifarLab.Web.Security;

/// <summary>
/// State-changing API calls per client address, in fixed windows (<see cref="LimitsOptions"/>): launches
/// (POST /api/runs, POST /api/groups, POST /api/runs/{id}/repeat) have their own budget, every other change (cancel,
/// resume, rerun, move, edit, delete) shares another.
/// Reads, pages and live connections are not limited here. Over the limit: 429 problem+json with Retry-After.
/// </summary>
public static class ApiRateLimits
{
    public static void Configure(RateLimiterOptions options, LimitsOptions limits)
    {
        var window = TimeSpan.FromSeconds(Math.Max(1, limits.RateWindowSeconds));
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var kind = KindOf(http.Request);
            if (kind is null)
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }
            var permits = kind == "launch" ? limits.LaunchesPerWindow : limits.CommandsPerWindow;
            var client = http.Connection.RemoteIpAddress?.ToString() ?? "local";
            return RateLimitPartition.GetFixedWindowLimiter($"{kind}:{client}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permits),
                Window = window,
                QueueLimit = 0,
            });
        });
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            var kind = KindOf(http.Request) == "launch" ? "launches" : "changes";
            var setting = kind == "launches" ? nameof(LimitsOptions.LaunchesPerWindow) : nameof(LimitsOptions.CommandsPerWindow);
            var permits = kind == "launches" ? limits.LaunchesPerWindow : limits.CommandsPerWindow;
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
            var seconds = (int)Math.Ceiling(Math.Max(1, retry.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                $"Too many {kind}: at most {permits} per {window.TotalSeconds:0} s from one client (Limits:{setting}). Try again in {seconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
        };
    }

    /// <summary>"launch", "command", or null for a request that is not limited.</summary>
    private static string? KindOf(HttpRequest request)
    {
        if (!SecurityPaths.IsApi(request) || !SecurityPaths.ChangesState(request))
        {
            return null;
        }
        // A seed group (POST /api/groups, POST /api/runs/{id}/repeat) queues runs too: it spends the launch budget.
        var path = request.Path.Value?.TrimEnd('/') ?? "";
        var launches = path is "/api/runs" or "/api/groups" || path.EndsWith("/repeat", StringComparison.Ordinal);
        return HttpMethods.IsPost(request.Method) && launches ? "launch" : "command";
    }
}

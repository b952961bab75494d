using System.Globalization;
using System.Threading.RateLimiting;
using CifarLab.Web.Accounts;
using CifarLab.Web.Options;
using Microsoft.AspNetCore.RateLimiting;

namespace CifarLab.Web.Security;

/// <summary>
/// State-changing API calls and sign-in attempts, in fixed windows (<see cref="LimitsOptions"/>): launches
/// (POST /api/runs, POST /api/groups, POST /api/runs/{id}/repeat) have their own budget, every other change (cancel,
/// resume, rerun, move, edit, delete) shares another,
/// and password sign-ins (POST /account/signin) a third. Changes are counted per signed-in account when there is one,
/// else per client address; sign-ins per client address. Reads, pages and live connections are not limited here.
/// Over the limit: 429 problem+json with Retry-After. Runs after authentication, so the account is known; behind a
/// reverse proxy the client address is the proxy's unless <c>Security:KnownProxies</c> names it
/// (<see cref="ForwardedClients"/>).
/// </summary>
public static class ApiRateLimits
{
    private sealed record Kind(string Name, string Plural, string Setting, Func<LimitsOptions, int> Permits);

    private static readonly Kind Launch = new("launch", "launches", nameof(LimitsOptions.LaunchesPerWindow), l => l.LaunchesPerWindow);
    private static readonly Kind Command = new("command", "changes", nameof(LimitsOptions.CommandsPerWindow), l => l.CommandsPerWindow);
    private static readonly Kind SignIn = new("signin", "sign-in attempts", nameof(LimitsOptions.SignInsPerWindow), l => l.SignInsPerWindow);

    public static void Configure(RateLimiterOptions options, LimitsOptions limits)
    {
        var window = TimeSpan.FromSeconds(Math.Max(1, limits.RateWindowSeconds));
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (KindOf(http.Request) is not { } kind)
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }
            return RateLimitPartition.GetFixedWindowLimiter($"{kind.Name}:{Client(http, kind)}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, kind.Permits(limits)),
                Window = window,
                QueueLimit = 0,
            });
        });
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            var kind = KindOf(http.Request) ?? Command;
            var who = Client(http, kind).StartsWith("account:", StringComparison.Ordinal) ? "one account" : "one client";
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
            var seconds = (int)Math.Ceiling(Math.Max(1, retry.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                $"Too many {kind.Plural}: at most {kind.Permits(limits)} per {window.TotalSeconds:0} s from {who} (Limits:{kind.Setting}). Try again in {seconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
        };
    }

    /// <summary>Who a budget belongs to: the signed-in account (not the implicit local admin), else the client address.
    /// Sign-in attempts always count per address: the caller is not anyone yet.</summary>
    private static string Client(HttpContext http, Kind kind)
    {
        var user = http.User;
        if (kind != SignIn && user.Identity?.IsAuthenticated == true && !user.IsLocal() && user.UserId() is { } id)
        {
            return $"account:{id}";
        }
        return $"address:{http.Connection.RemoteIpAddress?.ToString() ?? "local"}";
    }

    /// <summary>The budget a request draws on, or null for a request that is not limited.</summary>
    private static Kind? KindOf(HttpRequest request)
    {
        if (HttpMethods.IsPost(request.Method) && string.Equals(request.Path.Value?.TrimEnd('/'), AuthProblems.SignInPath, StringComparison.OrdinalIgnoreCase))
        {
            return SignIn;
        }
        if (!SecurityPaths.IsApi(request) || !SecurityPaths.ChangesState(request))
        {
            return null;
        }
        // A seed group (POST /api/groups, POST /api/runs/{id}/repeat) queues runs too: it spends the launch budget.
        var path = request.Path.Value?.TrimEnd('/') ?? "";
        var launches = path is "/api/runs" or "/api/groups" || path.EndsWith("/repeat", StringComparison.Ordinal);
        return HttpMethods.IsPost(request.Method) && launches ? Launch : Command;
    }
}

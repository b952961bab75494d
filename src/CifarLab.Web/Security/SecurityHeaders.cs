namespace CifarLab.Web.Security;

/// <summary>
/// The headers every response carries, written once here. The pages' policy allows exactly what the app loads:
/// its own scripts (blazor.web.js, ApexCharts, charts.js), inline styles (ApexCharts and Blazor's reconnect UI set
/// style attributes), images from itself and data: URLs, and connections (the Blazor circuit's WebSocket) to itself.
/// The API reference page runs an inline bootstrap script, so it gets its own policy, still offline: nothing is
/// loaded from another host (its web fonts are turned off in <c>AppExtensions</c>).
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ReferrerPolicy = "same-origin";

    /// <summary>Adds the headers to the response of <paramref name="context"/> just before it starts.</summary>
    public static void Apply(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = ReferrerPolicy;
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(SecurityPaths.ApiReference) ? ApiReferencePolicy : PagePolicy;
            return Task.CompletedTask;
        }, context);
    }
}

using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Security;

/// <summary>
/// The first middleware: puts the security headers on the response, then refuses, before anything else runs, a host
/// this app does not answer to (400), a foreign origin changing state or opening a live connection (403) and a body
/// declared over the limit (413); any other body is read under the limit.
/// </summary>
public sealed class RequestGate(RequestDelegate next, AllowedHostNames hosts, OriginPolicy origins, IOptions<LimitsOptions> limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        SecurityHeaders.Apply(context);
        if (!hosts.Allows(context.Request.Host))
        {
            await Results.Problem(
                $"This server does not answer to the host name '{context.Request.Host}'; allowed: {string.Join(", ", hosts.Hosts)} (settings AllowedHosts, Security:HostNames).",
                statusCode: StatusCodes.Status400BadRequest, title: "Unknown host").ExecuteAsync(context);
            return;
        }
        if (origins.Refusal(context.Request) is { } refusal)
        {
            await Results.Problem(refusal, statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused").ExecuteAsync(context);
            return;
        }
        var max = limits.Value.MaxRequestBodyBytes;
        if (!RequestBodyLimit.Install(context, max))
        {
            await Results.Problem(RequestBodyLimit.Explain(max), statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}

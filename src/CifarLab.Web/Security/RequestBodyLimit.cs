using CifarLab.Web.Options;
using Microsoft.AspNetCore.Http.Features;

namespace CifarLab.Web.Security;

/// <summary>
/// The largest body a request may carry (<see cref="LimitsOptions.MaxRequestBodyBytes"/>): a declared length over it
/// is refused at once; a body without one (chunked) fails with 413 when reading passes the limit, through the
/// server's own limit where it has one (Kestrel) and a counting stream otherwise.
/// </summary>
public static class RequestBodyLimit
{
    public static string Explain(long max) =>
        $"The request body may be at most {max} bytes ({max / 1024} KiB; setting Limits:MaxRequestBodyBytes).";

    /// <summary>False when the declared length is already too large; otherwise installs the limit and returns true.</summary>
    public static bool Install(HttpContext context, long max)
    {
        if (context.Request.ContentLength > max)
        {
            return false;
        }
        var serverLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (serverLimit is { IsReadOnly: false })
        {
            serverLimit.MaxRequestBodySize = max;
        }
        else if (context.Request.ContentLength is null)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, max);
        }
        return true;
    }
}

using CifarLab.Web.Options;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Security;

/// <summary>
/// Whether a request that changes state, or opens a live connection, comes from this app's own pages. A browser
/// always says where a request comes from (<c>Origin</c>, and <c>Sec-Fetch-Site</c>, which pages cannot forge);
/// a request with neither comes from a program such as curl or the .NET client, which a web page cannot drive, and
/// is allowed. A foreign origin is allowed only when listed in <see cref="SecurityOptions.AllowedOrigins"/>.
/// </summary>
public sealed class OriginPolicy(IOptions<SecurityOptions> options)
{
    private readonly HashSet<string> _allowed = new(
        options.Value.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the request may go on; otherwise the reason to refuse it.</summary>
    public string? Refusal(HttpRequest request)
    {
        if (!SecurityPaths.ChangesState(request) && !SecurityPaths.IsLive(request))
        {
            return null;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return IsOwn(request, origin) || _allowed.Contains(origin)
                ? null
                : $"Requests from the origin '{origin}' may not change runs or open live connections here; " +
                  $"only this app's own pages ({Own(request)}) and clients that send no Origin (curl, scripts) may. " +
                  "To allow another site, add it to Security:AllowedOrigins.";
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site is "cross-site" or "same-site"
            ? $"A {site} browser request may not change runs or open live connections here; only this app's own pages may."
            : null;
    }

    private static string Own(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    private static bool IsOwn(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost.Trim('[', ']'), request.Host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
        && uri.Port == (request.Host.Port ?? DefaultPort(request.Scheme))
        && uri.AbsolutePath == "/";

    private static int DefaultPort(string scheme) => string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
}

using System.Net;
using CifarLab.Web.Options;
using Microsoft.AspNetCore.HttpOverrides;

namespace CifarLab.Web.Security;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so per-address limits would count all clients
/// together. With <c>Security:KnownProxies</c> set, a request from one of those addresses takes its client address and
/// scheme from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>; from any other address those headers are ignored
/// (anyone can send them). Unset: the headers are never read.
/// </summary>
public static class ForwardedClients
{
    public const string Setting = SecurityOptions.Section + ":" + nameof(SecurityOptions.KnownProxies);

    public static IApplicationBuilder UseForwardedClients(this IApplicationBuilder app, SecurityOptions security)
    {
        if (security.KnownProxies.Count == 0)
        {
            return app;
        }
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownIPNetworks.Clear(); // the defaults trust loopback; only the configured proxies are trusted here
        options.KnownProxies.Clear();
        foreach (var proxy in Parse(security.KnownProxies))
        {
            options.KnownProxies.Add(proxy);
        }
        return app.UseForwardedHeaders(options);
    }

    /// <summary>The proxies' addresses; a value that is not an IP address stops the app with its name.</summary>
    public static IReadOnlyList<IPAddress> Parse(IEnumerable<string> values) => values.Select(v =>
        IPAddress.TryParse(v.Trim(), out var ip)
            ? ip
            : throw new InvalidOperationException($"{Setting} holds '{v}', which is not an IP address; list the reverse proxies' addresses (e.g. 10.0.0.2 or ::1).")).ToList();
}

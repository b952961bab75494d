using System.Net;
using System.Net.NetworkInformation;
using CifarLab.Web.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CifarLab.Web.Security;

/// <summary>
/// The Host header values this app answers, so a page on another name that resolves here (DNS rebinding) is refused.
/// An explicit <c>AllowedHosts</c> setting wins ("*" turns the check off). Otherwise: the names of the addresses the
/// server is bound to (a loopback binding answers localhost, 127.0.0.1 and [::1]; a wildcard binding such as
/// 0.0.0.0 also this machine's name and its own IP addresses), plus <see cref="SecurityOptions.HostNames"/>.
/// </summary>
public sealed class AllowedHostNames(IConfiguration configuration, IServer server, IOptions<SecurityOptions> security)
{
    public const string Setting = "AllowedHosts";

    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];
    private readonly Lazy<IList<StringSegment>> _hosts = new(() => Compute(configuration, server, security.Value));

    /// <summary>The allowed names; empty means every host is allowed.</summary>
    public IList<StringSegment> Hosts => _hosts.Value;

    public bool Allows(HostString host) =>
        Hosts.Count == 0 || (host.HasValue && HostString.MatchesAny(host.Value, Hosts));

    private static List<StringSegment> Compute(IConfiguration configuration, IServer server, SecurityOptions security)
    {
        var explicitHosts = (configuration[Setting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (explicitHosts.Length > 0)
        {
            return explicitHosts.Contains("*") ? [] : [.. explicitHosts.Select(h => new StringSegment(h))];
        }
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var names = new HashSet<string>(Loopback, StringComparer.OrdinalIgnoreCase);
        foreach (var address in bound)
        {
            names.UnionWith(NamesOf(BindingAddress.Parse(address).Host));
        }
        names.UnionWith(security.HostNames.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()));
        return [.. names.Select(n => new StringSegment(n))];
    }

    private static IEnumerable<string> NamesOf(string host)
    {
        if (host is "*" or "+" or "0.0.0.0" or "[::]" or "::")
        {
            // Bound to every interface: reachable by this machine's name and any of its addresses.
            yield return Dns.GetHostName();
            foreach (var ip in NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses))
            {
                // A Host header carries IPv6 in brackets and without a zone (%eth0).
                yield return ip.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                    ? $"[{new IPAddress(ip.Address.GetAddressBytes())}]"
                    : ip.Address.ToString();
            }
        }
        else
        {
            yield return host;
        }
    }
}

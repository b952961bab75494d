namespace CifarLab.Web.Options;

/// <summary>
/// Who may talk to this host ("Security" settings). The host names themselves are the standard <c>AllowedHosts</c>
/// setting; when it is not set they default to the names of the addresses the server is bound to.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Extra host names this app is reached by (a DNS name, a reverse proxy's name), added to the bound ones.</summary>
    public List<string> HostNames { get; set; } = [];

    /// <summary>Origins other than the app's own (e.g. "https://dashboard.example") whose pages may change runs and
    /// open live connections.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (the client's
    /// address then counts for the rate limits); empty: those headers are ignored.</summary>
    public List<string> KnownProxies { get; set; } = [];
}

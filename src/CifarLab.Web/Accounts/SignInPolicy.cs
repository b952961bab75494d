namespace CifarLab.Web.Accounts;

/// <summary>
/// <see cref="SignInRule"/> applied to this host's settings, read once: the addresses it listens on (<c>urls</c>,
/// <c>http_ports</c>/<c>https_ports</c>, <c>Kestrel:Endpoints</c>) and <c>Auth:RequireSignIn</c>.
/// </summary>
public sealed class SignInPolicy
{
    public SignInPolicy(IConfiguration config)
    {
        var setting = config[AuthSettings.RequireSignInKey];
        if (!string.IsNullOrWhiteSpace(setting))
        {
            RequireSignInSetting = bool.TryParse(setting, out var b)
                ? b
                : throw new InvalidOperationException($"{AuthSettings.RequireSignInKey} is '{setting}'; use true, false, or leave it unset (required unless listening on loopback only).");
        }
        Urls = ListenAddresses(config);
        Required = SignInRule.IsRequired(RequireSignInSetting, Urls);
    }

    public bool? RequireSignInSetting { get; }
    public IReadOnlyList<string> Urls { get; }
    /// <summary>False: every request acts as the implicit local admin.</summary>
    public bool Required { get; }

    internal static IReadOnlyList<string> ListenAddresses(IConfiguration config)
    {
        var urls = new List<string>();
        urls.AddRange(Split(config["urls"]));
        // Ports without a host bind every interface.
        urls.AddRange(Split(config["http_ports"]).Select(p => $"http://*:{p}"));
        urls.AddRange(Split(config["https_ports"]).Select(p => $"https://*:{p}"));
        urls.AddRange(config.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls.Count > 0 ? urls : [SignInRule.DefaultUrl];
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

using CifarLab.Web.Api;
using CifarLab.Web.Options;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CifarLab.Web.Security;

/// <summary>Registers and places the defences: allowed hosts and origins, security headers, limits, API errors.</summary>
public static class SecurityExtensions
{
    public static IServiceCollection AddLabSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section)
            .Validate(o => ForwardedClients.Parse(o.KnownProxies) is not null).ValidateOnStart();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section)
            .Validate(o => o.MaxRequestBodyBytes >= 1024, "Limits:MaxRequestBodyBytes must be at least 1024.")
            .Validate(o => o.MaxHubGroupsPerConnection >= 1, "Limits:MaxHubGroupsPerConnection must be at least 1.")
            .Validate(o => o.LaunchesPerWindow >= 1 && o.CommandsPerWindow >= 1, "Limits:LaunchesPerWindow and Limits:CommandsPerWindow must be at least 1.")
            .Validate(o => o.SignInsPerWindow >= 1, "Limits:SignInsPerWindow must be at least 1.")
            .Validate(o => o.RateWindowSeconds >= 1, "Limits:RateWindowSeconds must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<AllowedHostNames>();
        services.AddSingleton<OriginPolicy>();
        // AllowedHostNames does the host check (with a problem+json answer); the framework's own filter stands aside.
        services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>>((o, limits) => ApiRateLimits.Configure(o, limits.Value));
        // Query values that do not parse become 400 problems naming the parameter (ApiProblems), in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => StrictJson.Apply(o.SerializerOptions));
        return services;
    }

    /// <summary>First in the pipeline: the client's address from a known proxy (<see cref="ForwardedClients"/>), then
    /// headers on every response; foreign hosts, foreign origins and bodies over the limit (<see cref="RequestGate"/>)
    /// refused before anything else runs.</summary>
    public static IApplicationBuilder UseLabSecurity(this IApplicationBuilder app)
    {
        app.UseForwardedClients(app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value);
        app.UseMiddleware<RequestGate>();
        return app;
    }

    /// <summary>Right after authentication, so a signed-in caller's budget is its account's (<see cref="ApiRateLimits"/>).</summary>
    public static IApplicationBuilder UseLabRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>Right after the status-code pages: API paths answer problem+json instead (see <see cref="ApiProblems"/>).</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.UseMiddleware<ApiProblems>();
}

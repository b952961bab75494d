using CifarLab.Web.Accounts;
using CifarLab.Web.Extensions;
using CifarLab.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace CifarLab.Web.Composition;

/// <summary>Accounts, roles, tokens and the sign-in rule (src/CifarLab.Web/Accounts), wired into the host.</summary>
public static class AccountsComposition
{
    /// <summary>Call before the other hosted services: the accounts check runs first and may refuse to start.</summary>
    public static WebApplicationBuilder AddLabAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHostedService<AccountsStartup>();
        services.AddSingleton<SignInPolicy>();
        services.AddDbContextFactory<AccountsDbContext>((sp, options) =>
            AccountsDbContext.Configure(options, sp.GetRequiredService<LabPaths>().ConnectionString));

        services.AddIdentityCore<LabUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager<LabSignInManager>()
            .AddClaimsPrincipalFactory<LabClaimsFactory>();
        // Wrong passwords lock the account for a while (AccountEndpoints asks for it unless MaxFailedSignIns is 0).
        services.AddOptions<IdentityOptions>().Configure<Microsoft.Extensions.Options.IOptions<AuthSettings>>((o, auth) =>
        {
            o.Lockout.MaxFailedAccessAttempts = Math.Max(1, auth.Value.MaxFailedSignIns);
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(Math.Max(1, auth.Value.LockoutMinutes));
            o.Lockout.AllowedForNewUsers = true;
        });
        // A disabled account or a changed role reaches a signed-in browser within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthentication(LabSchemes.Selector)
            .AddPolicyScheme(LabSchemes.Selector, "CifarLab", o => o.ForwardDefaultSelector = LabSchemes.Select)
            .AddScheme<AuthenticationSchemeOptions, LocalAdminHandler>(LabSchemes.Local, null)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(LabSchemes.Token, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "CifarLab.Auth";
            o.LoginPath = AuthProblems.SignInPath;
            o.AccessDeniedPath = AuthProblems.DeniedPath;
            o.Events.OnRedirectToLogin = ctx => AuthProblems.IsApi(ctx.Request) ? AuthProblems.Unauthorized(ctx.HttpContext) : Redirect(ctx);
            o.Events.OnRedirectToAccessDenied = ctx => AuthProblems.IsApi(ctx.Request) ? AuthProblems.Forbidden(ctx.HttpContext) : Redirect(ctx);
        });
        services.AddAuthorization(LabPolicies.Add);
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, AccountStateRevalidator>();
        services.AddScoped<UserAccounts>();
        services.AddSingleton<AccessTokens>();
        return builder;
    }

    /// <summary>The per-account queue limits; part of the core graph because every launch passes them.</summary>
    public static IServiceCollection AddRunQuotas(this IServiceCollection services)
    {
        services.AddOptions<AuthSettings>().BindConfiguration(AuthSettings.Section)
            .Validate(o => o.MaxQueuedRunsPerUser >= 0 && o.MaxQueuedImageEpochsPerUser >= 0,
                $"{AuthSettings.MaxQueuedRunsKey} and {AuthSettings.MaxQueuedImageEpochsKey} must be 0 (no limit) or more.")
            .Validate(o => o.MaxFailedSignIns >= 0 && o.LockoutMinutes >= 1,
                $"{AuthSettings.MaxFailedSignInsKey} must be 0 (no lockout) or more and {AuthSettings.LockoutMinutesKey} at least 1.")
            .ValidateOnStart();
        services.AddSingleton<RunQuotas>();
        return services;
    }

    /// <summary>Authentication and authorization, between static files and antiforgery; plus the sign-in posts.</summary>
    public static WebApplication UseLabAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseLabRateLimits();
        app.UseAuthorization();
        app.MapAccountEndpoints();
        return app;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

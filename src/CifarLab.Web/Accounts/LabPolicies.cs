using Microsoft.AspNetCore.Authorization;

namespace CifarLab.Web.Accounts;

/// <summary>Authorization policies, one per role; plain <c>[Authorize]</c> (the default policy) means Viewer.</summary>
public static class LabPolicies
{
    public const string Viewer = nameof(LabRole.Viewer);
    public const string Runner = nameof(LabRole.Runner);
    public const string Admin = nameof(LabRole.Admin);

    public static void Add(AuthorizationOptions options)
    {
        foreach (var role in Enum.GetValues<LabRole>())
        {
            options.AddPolicy(role.ToString(), Build(role));
        }
        options.DefaultPolicy = Build(LabRole.Viewer);
    }

    private static AuthorizationPolicy Build(LabRole role) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(LabRoles.AtLeast(role)).Build();
}

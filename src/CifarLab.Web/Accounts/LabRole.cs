namespace CifarLab.Web.Accounts;

/// <summary>
/// What an account may do; each role includes the ones before it. Viewers see everything, runners also launch runs and
/// control their own, admins control every run and manage users. The enum name is the role claim's value.
/// </summary>
public enum LabRole
{
    Viewer = 0,
    Runner = 1,
    Admin = 2,
}

public static class LabRoles
{
    /// <summary>The role names that grant at least <paramref name="role"/>.</summary>
    public static string[] AtLeast(LabRole role) =>
        [.. Enum.GetValues<LabRole>().Where(r => r >= role).Select(r => r.ToString())];

    public static string AllowedNames => string.Join(", ", Enum.GetNames<LabRole>().Select(n => n.ToLowerInvariant()));

    public static bool TryParse(string? text, out LabRole role) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out role) && Enum.IsDefined(role);
}

using Microsoft.AspNetCore.Identity;

namespace CifarLab.Web.Accounts;

/// <summary>An account: ASP.NET Core Identity's user plus its one role and whether an admin disabled it.</summary>
public sealed class LabUser : IdentityUser
{
    public LabRole Role { get; set; } = LabRole.Viewer;
    /// <summary>A disabled account cannot sign in, and its cookies and tokens stop working.</summary>
    public bool Disabled { get; set; }
    public DateTime CreatedAt { get; set; }
}

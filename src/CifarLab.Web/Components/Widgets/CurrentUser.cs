using System.Security.Claims;
using CifarLab.Web.Accounts;
using Microsoft.AspNetCore.Components.Authorization;

namespace CifarLab.Web.Components.Widgets;

/// <summary>
/// The user a component acts for, from the cascading authentication state. A composition without accounts (component
/// tests) cascades none: it is the local admin, like a host that does not require sign-in.
/// </summary>
public static class CurrentUser
{
    public static async Task<ClaimsPrincipal> OfAsync(Task<AuthenticationState>? state) =>
        state is null ? LabPrincipal.Local("none") : (await state).User;
}

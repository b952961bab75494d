using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Accounts;

/// <summary>
/// Creating and managing accounts (the admin page and the first-run admin): Identity's UserManager with the lab's
/// rules and messages. A change of role or a disable also renews the account's security stamp, so its cookies stop
/// working at their next validation; its tokens stop at once (they are checked on every request).
/// </summary>
public sealed class UserAccounts(UserManager<LabUser> users, TimeProvider clock)
{
    public sealed record Outcome(bool Succeeded, string Message);

    public Task<List<LabUser>> ListAsync(CancellationToken ct = default) =>
        users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);

    public Task<bool> AnyEnabledAdminAsync(CancellationToken ct = default) =>
        users.Users.AnyAsync(u => u.Role == LabRole.Admin && !u.Disabled, ct);

    public async Task<Outcome> CreateAsync(string userName, string password, LabRole role)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return new Outcome(false, "Give the account a user name.");
        }
        if (name == LocalAdminHandler.UserName)
        {
            return new Outcome(false, $"'{LocalAdminHandler.UserName}' is the name of the implicit local admin; choose another.");
        }
        var user = new LabUser { UserName = name, Role = role, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(user, password ?? "");
        return result.Succeeded
            ? new Outcome(true, $"Created {name} ({role.ToString().ToLowerInvariant()}).")
            : new Outcome(false, $"Could not create {name}: {Describe(result)}");
    }

    /// <summary>
    /// The first-run or recovery admin (<see cref="CreateAdminCommand"/>): creates the account as an admin, or makes an
    /// existing one an enabled, unlocked admin whose password is the one given.
    /// </summary>
    public async Task<Outcome> MakeAdminAsync(string userName, string password)
    {
        var name = userName?.Trim() ?? "";
        if (await users.FindByNameAsync(name) is not { } user)
        {
            var created = await CreateAsync(name, password, LabRole.Admin);
            return created.Succeeded ? created with { Message = $"Created the admin account {name}." } : created;
        }
        foreach (var validator in users.PasswordValidators)
        {
            if (await validator.ValidateAsync(users, user, password ?? "") is { Succeeded: false } weak)
            {
                return new Outcome(false, $"Could not set the password of {name}: {Describe(weak)}");
            }
        }
        user.Role = LabRole.Admin;
        user.Disabled = false;
        var steps = new Func<Task<IdentityResult>>[]
        {
            () => users.UpdateAsync(user),
            () => users.RemovePasswordAsync(user),
            () => users.AddPasswordAsync(user, password!),
            () => users.SetLockoutEndDateAsync(user, null),
            () => users.ResetAccessFailedCountAsync(user),
        };
        foreach (var step in steps)
        {
            if (await step() is { Succeeded: false } failed)
            {
                return new Outcome(false, $"Could not make {name} an admin: {Describe(failed)}");
            }
        }
        return new Outcome(true, $"{name} is now an enabled admin with the new password.");
    }

    /// <summary>Ends a lockout after wrong passwords (the Users page's Unlock).</summary>
    public async Task<Outcome> UnlockAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return new Outcome(false, $"No account has id {userId}.");
        }
        var result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }
        return result.Succeeded ? new Outcome(true, $"{user.UserName} is unlocked.") : new Outcome(false, Describe(result));
    }

    public Task<Outcome> SetRoleAsync(string userId, LabRole role) =>
        ChangeAsync(userId, u => u.Role = role, u => $"{u.UserName} is now {role.ToString().ToLowerInvariant()}.",
            u => u.Role == LabRole.Admin && role != LabRole.Admin);

    public Task<Outcome> SetDisabledAsync(string userId, bool disabled) =>
        ChangeAsync(userId, u => u.Disabled = disabled, u => $"{u.UserName} is {(disabled ? "disabled" : "enabled")}.",
            u => u.Role == LabRole.Admin && disabled);

    private async Task<Outcome> ChangeAsync(string userId, Action<LabUser> change, Func<LabUser, string> done, Func<LabUser, bool> removesAnAdmin)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new Outcome(false, $"No account has id {userId}.");
        }
        if (removesAnAdmin(user) && !user.Disabled
            && !await users.Users.AnyAsync(u => u.Id != user.Id && u.Role == LabRole.Admin && !u.Disabled))
        {
            return new Outcome(false, $"{user.UserName} is the last enabled admin; make another admin first.");
        }
        change(user);
        var result = await users.UpdateAsync(user);
        if (result.Succeeded)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        return result.Succeeded ? new Outcome(true, done(user)) : new Outcome(false, Describe(result));
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Accounts;

/// <summary>
/// Personal access tokens: 256 random bits, handed to their owner once; only the SHA-256 hash is stored (the token is
/// not a password a person chose, so a fast unsalted hash cannot be guessed backwards). Revoked at once.
/// </summary>
public sealed class AccessTokens(IDbContextFactory<AccountsDbContext> dbFactory, TimeProvider clock)
{
    public const string TokenStart = "clab_";
    public const int MaxNameLength = 100;

    public sealed record Created(AccessToken Row, string Token);

    public async Task<Created> CreateAsync(string userId, string name, CancellationToken ct = default)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new ArgumentException($"A token needs a name of 1 to {MaxNameLength} characters (what will use it, e.g. \"laptop CLI\").", nameof(name));
        }
        var token = TokenStart + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var row = new AccessToken
        {
            UserId = userId,
            Name = trimmed,
            Hash = Hash(token),
            Prefix = token[..(TokenStart.Length + 4)],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AccessTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return new Created(row, token);
    }

    public async Task<IReadOnlyList<AccessToken>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);
    }

    /// <summary>False when the user has no such live token.</summary>
    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AccessTokens
            .Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct) == 1;
    }

    /// <summary>The enabled account a live token belongs to, or null.</summary>
    public async Task<LabUser?> FindUserAsync(string token, CancellationToken ct = default)
    {
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.AccessTokens
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.Id, User = u })
            .SingleOrDefaultAsync(ct);
        if (found is null || found.User.Disabled)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await db.AccessTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        return found.User;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

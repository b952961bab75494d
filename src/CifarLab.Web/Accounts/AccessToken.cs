namespace CifarLab.Web.Accounts;

/// <summary>
/// A personal access token for the REST API: only its SHA-256 hash is stored (the token itself is shown once, when it
/// is created), with a short prefix so its owner can tell tokens apart.
/// </summary>
public sealed class AccessToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>Lower-case hex SHA-256 of the whole token.</summary>
    public required string Hash { get; set; }
    /// <summary>The token's first characters, for display.</summary>
    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

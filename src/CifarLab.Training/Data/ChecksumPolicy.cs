namespace CifarLab.Training.Data;

/// <summary>What <see cref="DatasetOptions.Md5"/> asks for: a known CIFAR-10 checksum, one exact value, or nothing.</summary>
internal sealed class ChecksumPolicy
{
    private readonly string? _exact;

    private ChecksumPolicy(bool skip, string? exact)
    {
        Skip = skip;
        _exact = exact;
    }

    public bool Skip { get; }

    public static ChecksumPolicy Parse(string? md5)
    {
        if (md5 is null)
        {
            return new ChecksumPolicy(false, null);
        }
        var value = md5.Trim();
        if (string.Equals(value, DatasetOptions.SkipChecksum, StringComparison.OrdinalIgnoreCase))
        {
            return new ChecksumPolicy(true, null);
        }
        if (value.Length != 32 || !value.All(Uri.IsHexDigit))
        {
            throw new ArgumentException(
                $"Dataset MD5 '{md5}' is not valid: give 32 hexadecimal digits, \"{DatasetOptions.SkipChecksum}\" to skip the check, " +
                "or nothing to accept the known CIFAR-10 archives.", nameof(md5));
        }
        return new ChecksumPolicy(false, value.ToLowerInvariant());
    }

    public bool Accepts(string actual) =>
        Skip || (_exact is null ? DatasetOptions.KnownMd5s.Contains(actual) : _exact == actual);

    /// <summary>The expectation in words, for mismatch messages.</summary>
    public string Expected => Skip ? "any checksum"
        : _exact ?? $"{DatasetOptions.OfficialMd5} (official archive) or {DatasetOptions.OfflineCopyMd5} (offline copy)";
}

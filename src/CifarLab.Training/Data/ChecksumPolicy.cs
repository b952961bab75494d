namespace CifarLab.Training.Data;

/// <summary>
/// What <see cref="DatasetOptions.Md5"/> asks of an archive: one exact MD5, nothing ("skip"), or, by default, the
/// official archive's MD5 for a download from the official URL only. It judges the wrapper; whether the data inside
/// is official is judged file by file (<see cref="ContentVerdict"/>), whatever the wrapper.
/// </summary>
internal sealed class ChecksumPolicy
{
    private readonly bool _skip;
    private readonly string? _exact;

    private ChecksumPolicy(bool skip, string? exact)
    {
        _skip = skip;
        _exact = exact;
    }

    public static ChecksumPolicy Parse(string? md5)
    {
        if (string.IsNullOrWhiteSpace(md5))
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
                $"Dataset MD5 '{md5}' is not valid: give the archive's 32 hexadecimal digits, \"{DatasetOptions.SkipChecksum}\" to check no archive, " +
                "or nothing to check only downloads from the official URL.", nameof(md5));
        }
        return new ChecksumPolicy(false, value.ToLowerInvariant());
    }

    /// <summary>The MD5 the archive of <paramref name="source"/> must have, or null when its archive is not checked.</summary>
    public string? ExpectedFor(DatasetSource source) =>
        _skip ? null : _exact ?? (source.IsOfficialUrl ? OfficialChecksums.ArchiveMd5 : null);

    public bool Accepts(DatasetSource source, string actual) => ExpectedFor(source) is not { } expected || expected == actual;
}

namespace CifarLab.Training.Data;

/// <summary>One batch file that is not the official one.</summary>
internal sealed record ChecksumMismatch(string File, string Expected, string Actual);

/// <summary>
/// Whether the six batch files are the official CIFAR-10 files, judged by their SHA-256 against
/// <see cref="OfficialChecksums"/>: the only test of "official data", whatever archive or folder they came from.
/// </summary>
internal sealed record ContentVerdict(IReadOnlyList<ChecksumMismatch> Mismatches, string TestSha256)
{
    public bool Official => Mismatches.Count == 0;

    /// <summary>Judges fingerprints keyed by file name; every batch file must be among them.</summary>
    public static ContentVerdict Of(IReadOnlyDictionary<string, FileFingerprint> files)
    {
        var mismatches = new List<ChecksumMismatch>();
        foreach (var name in CifarLayout.BatchFiles)
        {
            var expected = OfficialChecksums.BatchSha256[name];
            var actual = files[name].Sha256;
            if (actual != expected)
            {
                mismatches.Add(new ChecksumMismatch(name, expected, actual));
            }
        }
        return new ContentVerdict(mismatches, files[CifarLayout.TestFile].Sha256);
    }

    public DatasetProvenance Provenance(string source) => new(Official, source, TestSha256);

    /// <summary>The first differing file, its expected and actual SHA-256, and the others by name.</summary>
    public string Difference(string where)
    {
        var first = Mismatches[0];
        var others = Mismatches.Skip(1).Select(m => m.File).ToList();
        return $"{first.File} in '{where}' is not the official CIFAR-10 file: its SHA-256 is {first.Actual}, expected {first.Expected}" +
            (others.Count == 0 ? "" : $" ({string.Join(", ", others)} differ too)");
    }

    /// <summary>The error for data that is not official while <see cref="DatasetOptions.AllowUnofficial"/> is off.</summary>
    public CifarFormatException Rejection(string where, string filePath) => new(filePath,
        $"Checksum mismatch: {Difference(where)}. Use the official files (the archive from {DatasetOptions.OfficialUrl}, " +
        $"or its extracted {CifarLayout.FolderName}/ folder, in any wrapping), or, to train on this data anyway, set " +
        $"{DatasetOptions.AllowUnofficialSetting}=true (CLI: {DatasetOptions.AllowUnofficialFlag}); its runs are then labelled \"{DatasetProvenance.UnofficialLabel}\".");
}

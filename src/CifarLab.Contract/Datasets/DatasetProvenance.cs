namespace CifarLab.Contract;

/// <summary>
/// Which data a run trained and was scored on, as its results carry it: whether the batch files are the official
/// CIFAR-10 ones, where they came from, and the test set's checksum (two results are comparable when it matches).
/// </summary>
public sealed record DatasetProvenance(bool Official, string Source, string TestSha256)
{
    /// <summary>The label every run and result made from unofficial data wears.</summary>
    public const string UnofficialLabel = "unofficial data";

    public const string OfficialLabel = "official CIFAR-10";

    public string Label => Official ? OfficialLabel : UnofficialLabel;
}

/// <summary>A dataset ready to load: its folder and what it is.</summary>
public sealed record PreparedDataset(string Folder, DatasetProvenance Provenance);

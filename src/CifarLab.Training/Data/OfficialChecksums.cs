namespace CifarLab.Training.Data;

/// <summary>
/// The official CIFAR-10 binary release as checksums: the archive published at <see cref="DatasetOptions.OfficialUrl"/>
/// and the six batch files inside it. Data counts as official by its files, not by the archive that wraps them,
/// so a repacked archive or an extracted folder holding the same files is just as official.
/// </summary>
/// <remarks>
/// Sources. The archive MD5 is the one the dataset's page (https://www.cs.toronto.edu/~kriz/cifar.html) gives.
/// The per-file SHA-256 values were computed from extracted files whose SHA-1 equals the value Apache MXNet
/// publishes for each official file (python/mxnet/gluon/data/vision/datasets.py, class CIFAR10; quoted beside
/// each entry for cross-checking); the same table is in shared/datasets/cifar10/README.md.
/// </remarks>
public static class OfficialChecksums
{
    /// <summary>MD5 of cifar-10-binary.tar.gz as downloaded from <see cref="DatasetOptions.OfficialUrl"/>.</summary>
    public const string ArchiveMd5 = "c32a1d4ab5d03f1284b67883e8d87530";

    /// <summary>Size of every official batch file: 10 000 records of 3073 bytes.</summary>
    public const long BatchFileBytes = 30_730_000;

    /// <summary>SHA-256 (lowercase hex) of each official batch file, by file name.</summary>
    public static IReadOnlyDictionary<string, string> BatchSha256 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // MXNet SHA-1 aadd24acce27caa71bf4b10992e9e7b2d74c2540
        ["data_batch_1.bin"] = "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5",
        // MXNet SHA-1 c0ba65cce70568cd57b4e03e9ac8d2a5367c1795
        ["data_batch_2.bin"] = "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed",
        // MXNet SHA-1 1dd00a74ab1d17a6e7d73e185b69dbf31242f295
        ["data_batch_3.bin"] = "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67",
        // MXNet SHA-1 aab85764eb3584312d3c7f65fd2fd016e36a258e
        ["data_batch_4.bin"] = "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48",
        // MXNet SHA-1 26e2849e66a845b7f1e4614ae70f4889ae604628
        ["data_batch_5.bin"] = "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add",
        // MXNet SHA-1 67eb016db431130d61cd03c7ad570b013799c88c
        ["test_batch.bin"] = "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b",
    };
}

namespace CifarLab.Contract;

/// <summary>
/// Progress of <see cref="DatasetManager.Prepare"/>. Stage is "download", "verify" or "extract";
/// for "extract" the bytes count the compressed archive read so far.
/// </summary>
public sealed record DownloadProgress(string Stage, long BytesDone, long? BytesTotal)
{
    public const string Download = "download";
    public const string Verify = "verify";
    public const string Extract = "extract";
}

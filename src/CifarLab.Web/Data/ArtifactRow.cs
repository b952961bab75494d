namespace CifarLab.Web.Data;

/// <summary>A file a run left in its folder; the path is relative to that folder.</summary>
public sealed class ArtifactRow
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public required string Kind { get; set; }
    public required string RelativePath { get; set; }
    public long SizeBytes { get; set; }
    public DateTime CreatedAt { get; set; }
}

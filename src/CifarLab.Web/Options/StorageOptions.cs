namespace CifarLab.Web.Options;

/// <summary>Where the lab keeps its state. Relative paths are taken from the content root (the repository root).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Root of all runtime state (git-ignored).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite file; empty means &lt;DataDirectory&gt;/cifarlab.db.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>A full connection string wins over <see cref="DatabasePath"/> when set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>One folder per run under here; empty means &lt;DataDirectory&gt;/checkpoints.</summary>
    public string? CheckpointDirectory { get; set; }
}

namespace CifarLab.Web.Lab;

/// <summary>Names the kind of a file in a run's folder for the downloads list.</summary>
public static class ArtifactKinds
{
    public const string Export = "pytorch-export";
    public const string Config = "config";
    public const string Checkpoint = "checkpoint";
    public const string Other = "file";

    public static string Classify(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        if (name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            return Export;
        }
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return Config;
        }
        return name.Contains("checkpoint", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".pt", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".ckpt", StringComparison.OrdinalIgnoreCase)
            ? Checkpoint
            : Other;
    }
}

using System.Text.RegularExpressions;

namespace CifarLab.Web.Lab;

/// <summary>A run name that says its seed: "resnet baseline (seed 43)". A name that already ends in a seed (or in the
/// old "(re-run)") has it replaced, never stacked; the result fits <see cref="TextLimits.Name"/>.</summary>
public static partial class SeedNames
{
    public static string WithSeed(string name, int seed)
    {
        var suffix = $" (seed {seed})";
        var stem = Stem(name);
        var room = TextLimits.Name - suffix.Length;
        if (stem.Length > room)
        {
            stem = stem[..room].TrimEnd();
        }
        return stem + suffix;
    }

    /// <summary>The name without its seed suffix.</summary>
    public static string Stem(string name) => SeedSuffix().Replace(name, "").TrimEnd();

    [GeneratedRegex(@"(\s\((seed -?\d+|re-run)\))+$")]
    private static partial Regex SeedSuffix();
}

using System.Globalization;

namespace CifarLab.Web.Lab;

/// <summary>
/// The seed of a re-run: the same one (an exact repeat), a new one (the default: a different random seed), or a
/// given one. Written in the API as <c>?seed=same|new|&lt;int&gt;</c>.
/// </summary>
public sealed record RerunSeed
{
    private RerunSeed(string kind, int? value) => (Kind, Value) = (kind, value);

    public string Kind { get; }
    public int? Value { get; }

    public static readonly RerunSeed Same = new("same", null);
    public static readonly RerunSeed New = new("new", null);
    public static RerunSeed Exactly(int seed) => new("given", seed);

    /// <summary>The seed the re-run trains with, given its source's.</summary>
    public int Choose(int sourceSeed) => Kind switch
    {
        "same" => sourceSeed,
        "given" => Value!.Value,
        _ => NewSeed(sourceSeed),
    };

    /// <summary>A random non-negative seed that differs from the source's.</summary>
    private static int NewSeed(int sourceSeed)
    {
        int seed;
        do
        {
            seed = Random.Shared.Next(0, int.MaxValue);
        }
        while (seed == sourceSeed);
        return seed;
    }

    /// <summary>Reads same, new or a whole number; null (empty) is the default, new.</summary>
    public static bool TryParse(string? text, out RerunSeed seed)
    {
        seed = New;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("new", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (text.Trim().Equals("same", StringComparison.OrdinalIgnoreCase))
        {
            seed = Same;
            return true;
        }
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            seed = Exactly(value);
            return true;
        }
        return false;
    }

    public const string Help = "seed must be 'same' (an exact repeat), 'new' (a different random seed, the default) or a whole number.";
}

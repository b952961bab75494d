using System.Globalization;

namespace CifarLab.Contract;

/// <summary>
/// The multi-step schedule's milestone list as users write it: epochs separated by commas, e.g. "30,60,80"
/// (spaces allowed), strictly increasing, each 1..<see cref="RunOptions.MaxEpochs"/>. Empty means no milestones.
/// </summary>
public static class Milestones
{
    public const string Allowed = "epochs separated by commas, strictly increasing, e.g. 30,60,80; empty = none";

    /// <summary>The epochs of <paramref name="text"/>, or false with a message naming the bad entry and what is allowed.</summary>
    public static bool TryParse(string? text, out int[] epochs, out string? problem)
    {
        epochs = [];
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var list = new List<int>(parts.Length);
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || epoch < 1 || epoch > RunOptions.MaxEpochs)
            {
                problem = $"'{part}' in '{text.Trim()}' is not an epoch 1 to {RunOptions.MaxEpochs}; allowed: {Allowed}.";
                return false;
            }
            if (list.Count > 0 && epoch <= list[^1])
            {
                problem = $"milestones must increase: {epoch} comes after {list[^1]} in '{text.Trim()}'; allowed: {Allowed}.";
                return false;
            }
            list.Add(epoch);
        }
        epochs = [.. list];
        return true;
    }

    /// <summary>The epochs of a value the validator accepted.</summary>
    public static int[] Parse(string? text) =>
        TryParse(text, out var epochs, out var problem) ? epochs : throw new ArgumentException(problem, nameof(text));
}

namespace CifarLab.Contract;

/// <summary>The device strings a run may ask for: "auto" (CUDA when present), "cpu", "cuda", "cuda:N".</summary>
public static class DeviceName
{
    /// <summary>Syntax check only (no CUDA query), for validating configs at the edge. Exact spelling: " cuda" is not a device.</summary>
    public static bool IsWellFormed(string? requested)
    {
        var r = requested ?? "";
        return r is "auto" or "cpu" or "cuda"
            || (r.StartsWith("cuda:", StringComparison.Ordinal) && r.Length > 5 && r.Skip(5).All(char.IsAsciiDigit) && int.TryParse(r.AsSpan(5), out _));
    }
}

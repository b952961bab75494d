namespace CifarLab.Training.Environment;

/// <summary>
/// What the CPU offers for reduced precision, from the kernel's feature flags (/proc/cpuinfo; Linux only, elsewhere
/// nothing is assumed). oneDNN, libtorch's CPU backend for convolutions and matmuls, runs bfloat16 natively with
/// AVX512-BF16 (Cooper Lake, Sapphire Rapids, AMD Zen 4 and later) or AMX-BF16; without them bfloat16 is emulated and
/// slower than float32, so CPU runs stay float32 there.
/// </summary>
public static class CpuFeatures
{
    private static readonly Lazy<IReadOnlySet<string>> Flags = new(() => ParseFlags(ReadCpuInfo()));
    private static readonly string[] BFloat16Flags = ["avx512_bf16", "amx_bf16"];

    /// <summary>AVX512-BF16 or AMX-BF16: bfloat16 convolutions and matmuls run natively.</summary>
    public static bool HasNativeBFloat16 => SupportsBFloat16(Flags.Value);

    /// <summary>The flags that decide <see cref="HasNativeBFloat16"/>, as found (for doctor and notes).</summary>
    public static string DescribeBFloat16 =>
        string.Join(", ", BFloat16Flags.Where(Flags.Value.Contains)) is { Length: > 0 } found
            ? found : "no avx512_bf16 or amx_bf16";

    internal static bool SupportsBFloat16(IReadOnlySet<string> flags) => BFloat16Flags.Any(flags.Contains);

    /// <summary>The first "flags" line of /proc/cpuinfo (every core lists the same), split into its words.</summary>
    internal static IReadOnlySet<string> ParseFlags(string? cpuinfo)
    {
        var line = cpuinfo?.Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        var colon = line?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon < 0 ? new HashSet<string>() : line![(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
    }

    private static string? ReadCpuInfo()
    {
        try
        {
            return OperatingSystem.IsLinux() ? File.ReadAllText("/proc/cpuinfo") : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

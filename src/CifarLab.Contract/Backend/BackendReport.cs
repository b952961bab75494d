namespace CifarLab.Contract;

/// <summary>What the native-backend probe found. <see cref="Ok"/> false means TorchSharp cannot run.</summary>
public sealed record BackendReport(
    bool Ok,
    string TorchSharpVersion,
    string LibTorchVersion,
    string Device,
    bool CudaAvailable,
    int CudaDeviceCount,
    int Threads,
    string OperatingSystem,
    string? Error,
    string? Fix)
{
    /// <summary>Which memory allocator the process got (tcmalloc, glibc), as the engine found it.</summary>
    public string? Allocator { get; init; }

    /// <summary>The native library settings the engine applied.</summary>
    public string? NativeTuning { get; init; }

    /// <summary>Whether the CPU runs bfloat16 natively, and why.</summary>
    public string? BFloat16 { get; init; }

    /// <summary>Human-readable multi-line summary, as `cifarlab doctor` prints it.</summary>
    public string Describe()
    {
        var lines = new List<string>
        {
            $"TorchSharp      {TorchSharpVersion}",
            $"libtorch        {LibTorchVersion}",
            $"OS              {OperatingSystem}",
        };
        if (Ok)
        {
            lines.Add($"device          {Device}" + (CudaAvailable ? $" ({CudaDeviceCount} CUDA device(s))" : " (no CUDA device; training runs on the CPU)"));
            lines.Add($"CPU threads     {Threads}");
            lines.Add($"allocator       {Allocator}");
            lines.Add($"native tuning   {NativeTuning}");
            lines.Add($"bfloat16 (CPU)  {BFloat16}");
        }
        else
        {
            lines.Add("native backend  FAILED TO LOAD");
            lines.Add($"why             {Error}");
            if (Fix is not null)
            {
                lines.Add("fix:");
                lines.AddRange(Fix.Split('\n').Select(l => "  " + l));
            }
        }
        return string.Join(System.Environment.NewLine, lines);
    }
}

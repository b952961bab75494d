namespace CifarLab.Training.Environment;

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
            lines.Add($"allocator       {Allocator.Describe}");
            lines.Add($"native tuning   {NativeTuning.Describe}");
            lines.Add($"bfloat16 (CPU)  {(CpuFeatures.HasNativeBFloat16 ? "native" : "not native, CPU runs stay float32")} ({CpuFeatures.DescribeBFloat16})");
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

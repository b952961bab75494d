using System.Runtime.InteropServices;
using CifarLab.Training.Environment;
using TorchSharp;

namespace CifarLab.Cli.Bench;

/// <summary>What produced a measurement; every bench JSON carries it so numbers are never read without their setup.</summary>
public sealed record BenchEnvironment(
    string Device,
    int Threads,
    int InteropThreads,
    int ProcessorCount,
    string TorchSharp,
    string LibTorch,
    string Dotnet,
    string Os,
    double? LoadAverage1,
    string Allocator)
{
    /// <summary>The 1-minute load average from /proc/loadavg (Linux), null elsewhere: above the core count, other
    /// work competed for the CPU during the measurement.</summary>
    public static double? ReadLoadAverage()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path)) return null;
        var first = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public static BenchEnvironment Capture(torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var report = NativeBackend.EnsureLoaded();
        var name = device.type == DeviceType.CUDA ? $"cuda:{device.index}" : "cpu";
        return new BenchEnvironment(name, torch.get_num_threads(), torch.get_num_interop_threads(),
            System.Environment.ProcessorCount, report.TorchSharpVersion, report.LibTorchVersion,
            RuntimeInformation.FrameworkDescription, report.OperatingSystem, ReadLoadAverage(),
            CifarLab.Training.Environment.Allocator.PreloadedName ?? "glibc");
    }

    /// <summary>Applies --threads before anything runs; libtorch's default is one thread per core.</summary>
    public static void SetThreads(int? threads)
    {
        NativeBackend.EnsureLoaded();
        if (threads is { } n) torch.set_num_threads(n);
    }
}

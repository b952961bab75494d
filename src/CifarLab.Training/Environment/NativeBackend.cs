using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace CifarLab.Training.Environment;

/// <summary>
/// Loads libtorch once and reports what it found. The CLI and the web host call
/// <see cref="Probe"/> at startup so a missing native dependency is explained in words,
/// never surfaced as a TypeInitializationException from deep inside the first tensor op.
/// </summary>
public static class NativeBackend
{
    private static readonly Lazy<BackendReport> Cached = new(ProbeUncached, LazyThreadSafetyMode.ExecutionAndPublication);

    public static BackendReport Probe() => Cached.Value;

    /// <summary>Throws <see cref="NativeBackendException"/> with the explanation when the backend is unusable.</summary>
    public static BackendReport EnsureLoaded()
    {
        var report = Probe();
        return report.Ok ? report : throw new NativeBackendException(report);
    }

    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static BackendReport ProbeUncached()
    {
        var os = OsRelease.Current();
        try
        {
            NativeTuning.Apply(); // must precede libtorch's first allocation and OpenMP's start
            // Touching a tensor forces TorchSharp's static constructor, which loads the native libraries.
            torch.InitializeDeviceType(DeviceType.CPU);
            using var probe = torch.ones(2, 2);
            _ = probe.sum().ToSingle();
            var cuda = torch.cuda.is_available();
            return new BackendReport(
                Ok: true,
                TorchSharpVersion,
                LibTorchVersion: torch.__version__,
                Device: cuda ? "cuda" : "cpu",
                CudaAvailable: cuda,
                CudaDeviceCount: cuda ? torch.cuda.device_count() : 0,
                Threads: torch.get_num_threads(),
                os.PrettyName,
                Error: null,
                Fix: null)
            {
                Allocator = Allocator.Describe,
                NativeTuning = NativeTuning.Describe,
                BFloat16 = $"{(CpuFeatures.HasNativeBFloat16 ? "native" : "not native, CPU runs stay float32")} ({CpuFeatures.DescribeBFloat16})",
            };
        }
        catch (Exception ex) when (ex is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            var (error, fix) = Diagnose(os, LibStdCxxCheck.FindLibrary(), DirectLoadError());
            return new BackendReport(false, TorchSharpVersion, "unavailable", "none", false, 0, 0, os.PrettyName, error, fix);
        }
    }

    /// <summary>
    /// Turns what is known about a failed load into a sentence and a fix. Kept pure so the
    /// reasoning is testable against generated library files.
    /// </summary>
    public static (string Error, string Fix) Diagnose(OsRelease os, string? libStdCxxPath, string? loaderError)
    {
        if (libStdCxxPath is not null && !LibStdCxxCheck.HasRequiredVersion(libStdCxxPath))
        {
            return (
                $"TorchSharp's native library (libLibTorchSharp.so) needs libstdc++ from GCC 13 or newer: the symbol version " +
                $"{LibStdCxxCheck.RequiredVersion} is missing from {libStdCxxPath} on {os.PrettyName}.",
                LibStdCxxCheck.FixFor(os));
        }
        var detail = string.IsNullOrWhiteSpace(loaderError) ? "the loader gave no reason" : loaderError.Trim();
        return (
            $"TorchSharp could not load its native libtorch backend ({detail}).",
            "Rebuild so the runtimes/ folder holds libtorch (dotnet build restores libtorch-cpu-linux-x64), check that " +
            "this is a 64-bit Linux/x64 machine, and run `cifarlab doctor` again. The container image (Dockerfile) has a known-good setup.");
    }

    /// <summary>Asks the OS loader directly so its own message (e.g. "version `GLIBCXX_3.4.32' not found") is kept.</summary>
    private static string? DirectLoadError()
    {
        var baseDir = AppContext.BaseDirectory;
        var candidates = new[]
        {
            Path.Combine(baseDir, "libLibTorchSharp.so"),
            Path.Combine(baseDir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", "libLibTorchSharp.so"),
            Path.Combine(baseDir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
        };
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return "libLibTorchSharp.so was not found next to the application";
        }
        try
        {
            var handle = NativeLibrary.Load(path);
            NativeLibrary.Free(handle);
            return null;
        }
        catch (DllNotFoundException ex)
        {
            return ex.Message;
        }
    }
}

/// <summary>Thrown when the native backend cannot be used; the message explains why and how to fix it.</summary>
public sealed class NativeBackendException : Exception
{
    public NativeBackendException(BackendReport report)
        : base($"{report.Error}{System.Environment.NewLine}Fix:{System.Environment.NewLine}{report.Fix}") => Report = report;

    public NativeBackendException() { Report = null!; }
    public NativeBackendException(string message) : base(message) { Report = null!; }
    public NativeBackendException(string message, Exception inner) : base(message, inner) { Report = null!; }

    public BackendReport Report { get; }
}

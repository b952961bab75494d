using System.Text;
using CifarLab.Training.Environment;

namespace CifarLab.Training.Tests.Engine;

public class NativeBackendTests
{
    private static readonly OsRelease Bookworm = new("debian", "bookworm", "Debian GNU/Linux 12 (bookworm)");

    private static string FakeLibrary(params string[] versions)
    {
        // An ELF-like blob whose version strings sit among binary noise, as in a real libstdc++.
        var path = Path.Combine(Path.GetTempPath(), $"libstdc++-{Guid.NewGuid():N}.so.6");
        using var f = File.Create(path);
        var noise = new byte[70_000];
        new Random(1).NextBytes(noise);
        f.Write(noise);
        foreach (var v in versions)
        {
            f.Write(Encoding.ASCII.GetBytes(v + "\0"));
            f.Write(noise.AsSpan(0, 1000));
        }
        return path;
    }

    [Fact]
    public void Probe_on_this_machine_loads_libtorch()
    {
        var report = NativeBackend.Probe();
        Assert.True(report.Ok, report.Describe());
        Assert.StartsWith("2.", report.LibTorchVersion, StringComparison.Ordinal);
        Assert.Equal("cpu", report.Device);
        Assert.True(report.Threads >= 1);
        Assert.Contains("TorchSharp", report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Old_libstdcxx_is_explained_with_the_missing_symbol_and_the_debian_fix()
    {
        var lib = FakeLibrary("GLIBCXX_3.4.29", "GLIBCXX_3.4.30");
        try
        {
            Assert.False(LibStdCxxCheck.HasRequiredVersion(lib));
            var (error, fix) = NativeBackend.Diagnose(Bookworm, lib, "version `GLIBCXX_3.4.32' not found");
            Assert.Contains("GLIBCXX_3.4.32", error, StringComparison.Ordinal);
            Assert.Contains(lib, error, StringComparison.Ordinal);
            Assert.Contains("trixie", fix, StringComparison.Ordinal);
            Assert.Contains("apt-get install -t trixie libstdc++6", fix, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(lib);
        }
    }

    [Fact]
    public void Version_string_split_across_read_chunks_is_still_found()
    {
        var path = Path.Combine(Path.GetTempPath(), $"libstdc++-{Guid.NewGuid():N}.so.6");
        var bytes = new byte[(1 << 16) + 100];
        var needle = Encoding.ASCII.GetBytes("GLIBCXX_3.4.32\0");
        needle.CopyTo(bytes, (1 << 16) - 5); // straddles the 64 KiB boundary
        File.WriteAllBytes(path, bytes);
        try
        {
            Assert.True(LibStdCxxCheck.HasRequiredVersion(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void New_enough_libstdcxx_points_at_the_loader_error_instead()
    {
        var lib = FakeLibrary("GLIBCXX_3.4.31", "GLIBCXX_3.4.32");
        try
        {
            var (error, fix) = NativeBackend.Diagnose(Bookworm, lib, "libtorch_cpu.so: cannot open shared object file");
            Assert.Contains("libtorch_cpu.so: cannot open shared object file", error, StringComparison.Ordinal);
            Assert.DoesNotContain("trixie", fix, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(lib);
        }
    }

    [Fact]
    public void Fix_text_depends_on_the_distribution()
    {
        Assert.Contains("24.04", LibStdCxxCheck.FixFor(new OsRelease("ubuntu", "jammy", "Ubuntu 22.04")), StringComparison.Ordinal);
        Assert.Contains("GCC 13", LibStdCxxCheck.FixFor(new OsRelease("fedora", "", "Fedora")), StringComparison.Ordinal);
    }

    [Fact]
    public void Os_release_is_parsed_with_quotes()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_CODENAME=bookworm\n");
        try
        {
            Assert.Equal(Bookworm, OsRelease.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

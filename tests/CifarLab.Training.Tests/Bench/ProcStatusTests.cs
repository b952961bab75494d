using CifarLab.Cli.Bench;

namespace CifarLab.Training.Tests.Bench;

public sealed class ProcStatusTests
{
    // An excerpt of a real /proc/self/status (proc(5)): tab after the key, right-aligned value, unit kB.
    private const string Sample = """
        Name:	cifarlab
        VmPeak:	 5624412 kB
        VmSize:	 5598220 kB
        VmHWM:	  812344 kB
        VmRSS:	  790120 kB
        RssAnon:	  650000 kB
        Threads:	23
        """;

    [Fact]
    public void Parses_rss_and_peak_in_kib()
    {
        var s = ProcStatus.Parse(Sample);
        Assert.Equal(790_120, s.RssKiB);
        Assert.Equal(812_344, s.PeakRssKiB);
        Assert.Equal(790_120 / 1024.0, s.RssMiB);
    }

    [Fact]
    public void Missing_or_malformed_fields_stay_null()
    {
        var s = ProcStatus.Parse("Name:\tkthreadd\nVmRSS:\tlots kB\nVmHWM:\t12 MB\n");
        Assert.Null(s.RssKiB);
        Assert.Null(s.PeakRssKiB);
    }

    [LinuxFact]
    public void Reads_this_process_on_linux()
    {
        var s = ProcStatus.ReadSelf();
        Assert.NotNull(s.RssKiB);
        Assert.NotNull(s.PeakRssKiB);
        Assert.True(s.RssKiB > 10_000, $"RSS {s.RssKiB} kB is implausibly small for a .NET process");
        Assert.True(s.PeakRssKiB >= s.RssKiB);
    }
}

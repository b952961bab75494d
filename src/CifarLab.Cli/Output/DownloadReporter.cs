using System.Globalization;
using CifarLab.Training.Data;

namespace CifarLab.Cli.Output;

/// <summary>Dataset download/verify/extract progress on stderr.</summary>
public sealed class DownloadReporter(TextWriter output, bool interactive) : IProgress<DownloadProgress>
{
    private string _stage = "";
    private DateTime _last = DateTime.MinValue;

    public void Report(DownloadProgress value)
    {
        var pct = value.BytesTotal is > 0 ? $" {100.0 * value.BytesDone / value.BytesTotal.Value,5:F1}%" : "";
        var line = string.Create(CultureInfo.InvariantCulture, $"  dataset {value.Stage}: {value.BytesDone / 1048576.0:F1} MiB{(value.BytesTotal is { } t ? $" of {t / 1048576.0:F1} MiB" : "")}{pct}");
        if (interactive)
        {
            output.Write("\r" + line.PadRight(70));
            if (value.BytesTotal is { } total && value.BytesDone >= total)
            {
                output.WriteLine();
            }
        }
        else if (value.Stage != _stage || DateTime.UtcNow - _last > TimeSpan.FromSeconds(5))
        {
            output.WriteLine(line);
            _last = DateTime.UtcNow;
        }
        _stage = value.Stage;
    }
}

using System.Globalization;
using CifarLab.Training.Training;

namespace CifarLab.Cli.Output;

/// <summary>
/// Renders training events: a one-line progress bar (redrawn in place on a terminal, printed at
/// most every few seconds when redirected) and a per-epoch table. With --json everything human
/// goes to stderr so stdout carries only the final JSON line.
/// </summary>
public sealed class ConsoleReporter : IProgress<TrainingEvent>
{
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly object _gate = new();
    private DateTime _lastPlain = DateTime.MinValue;
    private bool _barShown;
    private bool _headerShown;

    public ConsoleReporter(TextWriter output, bool interactive)
    {
        _out = output;
        _interactive = interactive;
    }

    public void Report(TrainingEvent value)
    {
        lock (_gate)
        {
            switch (value)
            {
                case StepProgress p:
                    Bar(p);
                    break;
                case EpochMetrics m:
                    ClearBar();
                    Row(m);
                    break;
                case PhaseChanged ph when ph.Phase is not "training":
                    ClearBar();
                    _out.WriteLine($"  {ph.Message}");
                    break;
                case CheckpointSaved:
                    break;
            }
        }
    }

    private void Bar(StepProgress p)
    {
        const int width = 28;
        var filled = (int)Math.Round(p.Fraction * width);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', width - filled)}] {p.Fraction,4:P0} epoch {p.Epoch} step {p.StepInEpoch}/{p.StepsPerEpoch} loss {p.RunningLoss:F4} {p.ImagesPerSecond,7:F0} img/s ETA {Fmt(p.Eta)}");
        if (_interactive)
        {
            _out.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 120) : 100));
            _barShown = true;
        }
        else if (DateTime.UtcNow - _lastPlain > TimeSpan.FromSeconds(5))
        {
            _lastPlain = DateTime.UtcNow;
            _out.WriteLine(line);
        }
    }

    private void ClearBar()
    {
        if (_barShown)
        {
            _out.Write("\r" + new string(' ', 110) + "\r");
            _barShown = false;
        }
    }

    private void Row(EpochMetrics m)
    {
        if (!_headerShown)
        {
            _out.WriteLine("  epoch  train loss  train acc  test loss  test acc        lr   seconds   img/s");
            _headerShown = true;
        }
        string Opt(double? v, string f) => v is { } x ? x.ToString(f, CultureInfo.InvariantCulture) : "-";
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {m.Epoch,5}  {m.TrainLoss,10:F4}  {m.TrainAccuracy,9:P2}  {Opt(m.TestLoss, "F4"),9}  {(m.TestAccuracy is { } a ? a.ToString("P2", CultureInfo.InvariantCulture) : "-"),8}  {m.LearningRate,8:G3}  {m.EpochSeconds,8:F1}  {m.ImagesPerSecond,6:F0}")
            + (m.ValidationAccuracy is { } va ? string.Create(CultureInfo.InvariantCulture, $"  validation {va:P2} (loss {Opt(m.ValidationLoss, "F4")})") : ""));
    }

    private static string Fmt(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}

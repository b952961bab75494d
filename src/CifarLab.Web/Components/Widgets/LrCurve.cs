using System.Globalization;
using CifarLab.Web.Lab;

namespace CifarLab.Web.Components.Widgets;

/// <summary>
/// The learning-rate schedule of a config as an SVG polyline: x in epochs, y in learning rate (peak lr x the
/// contract's <see cref="LrSchedule"/> multiplier), from 0 at the bottom to the highest value at the top. Long runs are
/// thinned to about <see cref="Samples"/> points, but every jump (a step's drop, a restart) keeps both its sides, so a
/// drop is drawn where it happens.
/// </summary>
public sealed class LrCurve
{
    public const double Width = 480, Height = 170, Left = 64, Right = 12, Top = 10, Bottom = 34;
    public const int Samples = 240;
    private const int MaxSteps = 20_000;
    /// <summary>A change between two steps larger than this share of the highest value is a jump.</summary>
    private const double JumpShare = 0.02;

    private LrCurve(RunConfig config)
    {
        Epochs = Math.Max(1, config.Epochs);
        // At most MaxSteps multipliers are computed: a long run is drawn at fewer steps per epoch, which moves no
        // epoch boundary (where the epoch-based schedules change).
        StepsPerEpoch = Math.Max(1, Math.Min(RunShape.StepsPerEpoch(config), MaxSteps / Epochs));
        var schedule = new LrSchedule(config with { Epochs = Epochs }, StepsPerEpoch);
        var multipliers = schedule.Curve();
        PeakLr = config.LearningRate * multipliers.Max();
        var top = PeakLr > 0 ? PeakLr : 1;
        var every = Math.Max(1, multipliers.Length / Samples);
        var points = new List<(double Epoch, double Lr)>();
        for (var step = 0; step < multipliers.Length; step++)
        {
            var lr = config.LearningRate * multipliers[step];
            var jump = step > 0 && Math.Abs(multipliers[step] - multipliers[step - 1]) * config.LearningRate > JumpShare * top;
            if (jump && step - 1 > 0 && (step - 1) % every != 0)
            {
                points.Add((Epoch(step - 1), config.LearningRate * multipliers[step - 1]));
            }
            if (jump || step % every == 0 || step == multipliers.Length - 1)
            {
                points.Add((Epoch(step), lr));
            }
        }
        Points = points;
    }

    /// <summary>The curve, or null with the reason while a setting it depends on is invalid.</summary>
    public static LrCurve? Of(RunConfig config, out string? invalid)
    {
        ArgumentNullException.ThrowIfNull(config);
        var bad = RunConfigValidator.Validate(config).Select(e => e.Field).Where(DrawnFrom.Contains).Distinct().ToList();
        invalid = bad.Count > 0 ? $"The curve is drawn once {string.Join(", ", bad.Select(f => RunOptions.All.First(o => o.Name == f).Label))} {(bad.Count == 1 ? "is" : "are")} valid." : null;
        return bad.Count > 0 ? null : new LrCurve(config);
    }

    /// <summary>The options the curve depends on: the schedule group's, the length of the run and the peak.</summary>
    private static readonly HashSet<string> DrawnFrom =
    [
        .. RunOptions.All.Where(o => o.Group == OptionGroup.Schedule).Select(o => o.Name),
        nameof(RunConfig.Epochs), nameof(RunConfig.BatchSize), nameof(RunConfig.TrainLimit), nameof(RunConfig.LearningRate),
    ];

    public int Epochs { get; }
    public int StepsPerEpoch { get; }
    public double PeakLr { get; }

    /// <summary>(epoch, learning rate) of each drawn point; the epoch of step s is s / steps per epoch.</summary>
    public IReadOnlyList<(double Epoch, double Lr)> Points { get; }

    public static double PlotWidth => Width - Left - Right;
    public static double PlotHeight => Height - Top - Bottom;

    public double X(double epoch) => Left + epoch / Epochs * PlotWidth;

    public double Y(double lr) => Top + (1 - (PeakLr > 0 ? lr / PeakLr : 0)) * PlotHeight;

    /// <summary>The polyline's points attribute.</summary>
    public string SvgPoints => string.Join(" ", Points.Select(p => $"{N(X(p.Epoch))},{N(Y(p.Lr))}"));

    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private double Epoch(int step) => (double)step / StepsPerEpoch;
}

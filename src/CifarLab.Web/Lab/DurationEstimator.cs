using System.Globalization;

namespace CifarLab.Web.Lab;

/// <summary>
/// Estimates a run's training time from speeds measured here (<see cref="SpeedSample"/>: images/s of finished runs).
/// <list type="number">
/// <item>Runs of the same model on the same kind of device: the nearest ones (same precision first, then the closest
/// batch size, then width), their median speed, scaled by the cost of the width when it differs.</item>
/// <item>Otherwise the model's cost (<see cref="ModelCost"/>) at this device's measured rate of work (the median over
/// finished runs of other models on it), or, with no run on it at all, an assumed rate (<see cref="AssumedFlops"/>).
/// The range widens with each step away from a measurement.</item>
/// </list>
/// Pure: the caller reads the samples (<see cref="RunSpeeds"/>).
/// </summary>
public static class DurationEstimator
{
    /// <summary>A CPU run longer than this is a GPU recipe and is warned about.</summary>
    public static readonly TimeSpan CpuWarningAfter = TimeSpan.FromHours(1);

    /// <summary>Sustained training FLOP/s assumed when nothing has run on a device kind here: a few desktop cores, one
    /// recent GPU. Guesses, hence the 4x range either way.</summary>
    public static double AssumedFlops(string device) => device == "cpu" ? 30e9 : 20e12;

    /// <summary>The device kind a run asking for <paramref name="requested"/> trains on: "auto" takes a GPU when this host
    /// has one (<paramref name="cudaHere"/>; unknown on a host that does not train, then the CPU is assumed).</summary>
    public static string TargetDevice(string requested, bool? cudaHere) =>
        string.Equals(requested?.Trim(), "auto", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(requested)
            ? cudaHere == true ? "cuda" : "cpu"
            : SpeedSample.DeviceKind(requested);

    /// <param name="device">The device kind the run will use ("cpu", "cuda"; see <see cref="SpeedSample.DeviceKind"/>).</param>
    /// <returns>Null when the model has neither measurements nor a cost figure.</returns>
    public static DurationEstimate? Estimate(RunConfig config, string device, IReadOnlyList<SpeedSample> history)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(history);
        device = SpeedSample.DeviceKind(device);
        var images = (double)RunShape.TrainedImages(config);
        var onDevice = history.Where(s => s.Device == device && s.ImagesPerSecond > 0).ToList();
        var cost = ModelCost.TrainFlopsPerImage(config.Model, config.Width);

        var sameModel = onDevice.Where(s => string.Equals(s.Model, config.Model, StringComparison.OrdinalIgnoreCase)).ToList();
        if (sameModel.Count > 0)
        {
            var best = sameModel.Min(s => Distance(s, config));
            var nearest = sameModel.Where(s => Distance(s, config) == best).ToList();
            var speed = Median(nearest.Select(s => s.ImagesPerSecond * WidthFactor(s, config)));
            var exact = nearest.All(s => s.Precision == config.Precision && s.BatchSize == config.BatchSize && s.Width == config.Width);
            var basis = $"from {Runs(nearest.Count)} of {config.Model} here" + (exact ? "" : $", nearest: {Describe(nearest[0])}");
            return Make(images / speed, exact ? 1.25 : 1.6, device, basis);
        }
        if (cost is not { } flops)
        {
            return null;
        }
        var calibrated = onDevice.Select(s => ModelCost.TrainFlopsPerImage(s.Model, s.Width) is { } c ? s.ImagesPerSecond * c : (double?)null)
            .OfType<double>().ToList();
        if (calibrated.Count > 0)
        {
            return Make(images * flops / Median(calibrated), 2, device,
                $"no finished {config.Model} run on {device} here: from its size and the speed of {Runs(calibrated.Count)} of other models, could be 2x either way");
        }
        return Make(images * flops / AssumedFlops(device), 4, device,
            $"no finished run on {device} here yet: a rough guess from the model's size, could be 4x either way");
    }

    private static DurationEstimate Make(double seconds, double spread, string device, string basis)
    {
        var warning = device == "cpu" && seconds > CpuWarningAfter.TotalSeconds
            ? $"On the CPU this run would take about {DurationEstimate.Say(seconds)}: it is a GPU recipe. Queue it for a host with a GPU, " +
              "or shorten it here (fewer epochs, a train limit, a smaller model or width)."
            : null;
        return new DurationEstimate(seconds, seconds / spread, seconds * spread, device, basis, warning);
    }

    /// <summary>How far a measured run's settings are from the config's: precision matters most, then batch size, then width.</summary>
    private static double Distance(SpeedSample s, RunConfig c) =>
        (s.Precision == c.Precision ? 0 : 100) + Math.Abs(Math.Log2((double)s.BatchSize / c.BatchSize)) + Math.Abs(Math.Log2(s.Width / c.Width));

    /// <summary>A measured speed at another width, moved to the config's by the models' cost ratio.</summary>
    private static double WidthFactor(SpeedSample s, RunConfig c) =>
        s.Width == c.Width ? 1 : ModelCost.TrainFlopsPerImage(s.Model, s.Width) is { } from && ModelCost.TrainFlopsPerImage(c.Model, c.Width) is { } to ? from / to : 1;

    private static string Describe(SpeedSample s) =>
        string.Create(CultureInfo.InvariantCulture, $"batch {s.BatchSize}, {s.Precision.ToString().ToLowerInvariant()}, width {s.Width:0.##}");

    private static string Runs(int n) => n == 1 ? "1 finished run" : $"{n} finished runs";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

namespace CifarLab.Web.Lab;

/// <summary>One finished run's measured training speed and what it depends on.</summary>
/// <param name="Device">The device kind it ran on: "cpu", "cuda" (see <see cref="DeviceKind"/>).</param>
public sealed record SpeedSample(string Model, double Width, int BatchSize, string Device, PrecisionKind Precision, double ImagesPerSecond)
{
    /// <summary>"cuda:1" → "cuda", "cpu" → "cpu": speeds are compared between kinds of device, not their indices.</summary>
    public static string DeviceKind(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var colon = device.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? device : device[..colon]).Trim().ToLowerInvariant();
    }
}

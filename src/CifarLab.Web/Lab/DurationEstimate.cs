namespace CifarLab.Web.Lab;

/// <summary>
/// How long a config would train, before it is queued: <see cref="Seconds"/> likely, between <see cref="Low"/> and
/// <see cref="High"/>; <see cref="Basis"/> says where the number comes from, <see cref="Warning"/> when it is too long
/// for the device.
/// </summary>
public sealed record DurationEstimate(double Seconds, double Low, double High, string Device, string Basis, string? Warning)
{
    /// <summary>e.g. "about 12 min on cpu (from 3 finished runs of airbench94 here)".</summary>
    public string Summary => $"about {Say(Seconds)} on {Device} ({Basis})";

    /// <summary>A duration as people say it: "40 s", "12 min", "3.5 h".</summary>
    public static string Say(double seconds) => seconds switch
    {
        < 90 => $"{Math.Max(1, Math.Round(seconds)):0} s",
        < 90 * 60 => $"{Math.Round(seconds / 60):0} min",
        < 48 * 3600 => $"{seconds / 3600:0.#} h",
        _ => $"{seconds / 86400:0.#} days",
    };
}

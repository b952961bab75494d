namespace CifarLab.Contract;

/// <summary>
/// The longest text each field of a launch may hold: the one place these lengths are written. The validators (the
/// config's in <see cref="RunConfigValidator"/>, the lab's for name, tags and notes), their messages and the form's
/// hints all read them.
/// </summary>
public static class TextLimits
{
    /// <summary>A run's display name.</summary>
    public const int Name = 120;
    /// <summary>Free-form notes (several lines).</summary>
    public const int Notes = 4000;
    /// <summary>How many tags one run may carry.</summary>
    public const int TagCount = 10;
    /// <summary>One tag.</summary>
    public const int Tag = 32;
    /// <summary><see cref="RunConfig.Model"/>: a catalog name.</summary>
    public const int Model = 64;
    /// <summary><see cref="RunConfig.Device"/>: auto, cpu, cuda or cuda:N.</summary>
    public const int Device = 16;
    /// <summary><see cref="RunConfig.Preset"/>: the preset a config started from (informational).</summary>
    public const int Preset = 64;
}

namespace CifarLab.Contract;

/// <summary>
/// Ready: usable now. NotDownloaded: not prepared yet, but preparing it (download, extraction) is expected to
/// work. Invalid: not usable as configured (a missing source, a bad setting, a checksum mismatch, damaged files).
/// </summary>
public enum DatasetState { Ready, NotDownloaded, Invalid }

/// <summary>
/// Result of <see cref="DatasetManager.Probe"/>; <see cref="Message"/> is meant for the user. <see cref="Official"/>
/// says, for ready data, whether its batch files are the official CIFAR-10 ones; null when not ready.
/// </summary>
public sealed record DatasetStatus(DatasetState State, string Message, string? Folder, bool? Official = null);

namespace CifarLab.Training.Data;

public enum DatasetState { Ready, NotDownloaded, Invalid }

/// <summary>Result of <see cref="DatasetManager.Probe"/>; <see cref="Message"/> is meant for the user.</summary>
public sealed record DatasetStatus(DatasetState State, string Message, string? Folder);

namespace CifarLab.Training.Data;

/// <summary>
/// Any problem with the CIFAR-10 data: a missing or malformed file, a bad archive, a failed download.
/// The message names the file and says what was wrong and what is allowed.
/// </summary>
public sealed class CifarFormatException : Exception
{
    public CifarFormatException() : this(string.Empty, "CIFAR-10 data error.") { }

    public CifarFormatException(string message) : this(string.Empty, message) { }

    public CifarFormatException(string message, Exception innerException) : this(string.Empty, message, innerException) { }

    public CifarFormatException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file (or URL, for a download) the problem is about; empty when none applies.</summary>
    public string FilePath { get; }
}

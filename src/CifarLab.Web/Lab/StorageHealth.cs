namespace CifarLab.Web.Lab;

/// <summary>Tries one small write where the lab keeps its files; null when it worked, else why it did not.</summary>
public interface IStorageProbe
{
    string? TryWrite();
}

public sealed record StorageFault(string Message, DateTime Since);

/// <summary>
/// The one place that knows whether the lab can write its files. A storage failure (a full disk, a folder or database
/// that cannot be written) sets the fault; a later successful write (a checkpoint saved) or a probe write clears it.
/// While it lasts /health is degraded (503) and launches are refused with 507.
/// </summary>
public sealed class StorageHealth(IStorageProbe probe, TimeProvider clock, ILogger<StorageHealth> logger)
{
    private StorageFault? _fault;

    /// <summary>The fault as last seen, without probing.</summary>
    public StorageFault? Fault => Volatile.Read(ref _fault);

    public void Failed(string message)
    {
        var previous = Interlocked.Exchange(ref _fault, new StorageFault(message, clock.GetUtcNow().UtcDateTime));
        if (previous is null)
        {
            logger.LogError("Storage failed: {Message}", message);
        }
    }

    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _fault, null) is { } cleared)
        {
            logger.LogInformation("Storage works again (it had failed since {Since:u}: {Message})", cleared.Since, cleared.Message);
        }
    }

    /// <summary>The current fault, after one probe write when there is one (a probe that succeeds clears it).</summary>
    public StorageFault? Check()
    {
        if (Fault is null)
        {
            return null;
        }
        if (probe.TryWrite() is null)
        {
            Succeeded();
            return null;
        }
        return Fault;
    }
}

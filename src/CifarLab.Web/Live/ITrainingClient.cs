namespace CifarLab.Web.Live;

/// <summary>Client methods; a .NET client listens with connection.On&lt;RunStatusMessage&gt;("RunStatus", ...).</summary>
public interface ITrainingClient
{
    Task RunStatus(RunStatusMessage message);
    Task RunProgress(RunProgressMessage message);
    Task RunEpoch(RunEpochMessage message);
    Task RunDeleted(RunDeletedMessage message);
}

using System.Threading.Channels;

namespace CifarLab.Web.Worker;

/// <summary>
/// The trainer reports from its own thread; this hands the events to an async pump so the training
/// loop never waits on the database or the network, and the events keep their order.
/// </summary>
public sealed class EventChannel : IProgress<TrainingEvent>
{
    private readonly Channel<TrainingEvent> _channel = Channel.CreateUnbounded<TrainingEvent>(
        new UnboundedChannelOptions { SingleReader = true });

    public void Report(TrainingEvent value) => _channel.Writer.TryWrite(value);

    public void Complete() => _channel.Writer.TryComplete();

    public IAsyncEnumerable<TrainingEvent> ReadAllAsync() => _channel.Reader.ReadAllAsync();
}

using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Storage;
using StackExchange.Redis;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>
/// Subscribes this replica to the job events of every replica (in order: one message queue) and hands them to the
/// hub's watchers here. The multiplexer subscribes again by itself after a reconnect.
/// </summary>
public sealed class JobEventRelay(
    [FromKeyedServices(JobStore.ConnectionName)] IConnectionMultiplexer redis,
    JobEventHub hub) : IHostedService
{
    private ChannelMessageQueue? _queue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(JobKeys.Events);
        _queue.OnMessage(message => hub.Deliver(JobEvent.Parser.ParseFrom((byte[])message.Message!)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null) await _queue.UnsubscribeAsync();
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Storage;
using ImbalanceMesh.Training.Telemetry;
using StackExchange.Redis;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>
/// Fans a job's events out to its watchers on every replica: the replica running the job publishes each event on the
/// jobs Redis channel (<see cref="JobKeys.Events"/>), every replica's <see cref="JobEventRelay"/> hands what arrives to
/// <see cref="Deliver"/>, which writes it to the watchers connected there. Each watcher has a bounded buffer that
/// drops the oldest events, so a slow watcher never slows training; the terminal event is written last and so is
/// never the one dropped. Every event also goes to the training meter of the replica that ran it, watched or not.
/// Delivery is best effort (Redis pub/sub keeps nothing): WatchJob also reads the job's state when events stop.
/// </summary>
public sealed class JobEventHub(
    TrainingMetrics metrics,
    [FromKeyedServices(JobStore.ConnectionName)] IConnectionMultiplexer redis,
    ILogger<JobEventHub> logger)
{
    private const int BufferPerWatcher = 512;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<JobEvent>, byte>> _watchers = new();

    public Subscription Subscribe(string jobId)
    {
        var channel = Channel.CreateBounded<JobEvent>(new BoundedChannelOptions(BufferPerWatcher)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _watchers.GetOrAdd(jobId, _ => new()).TryAdd(channel, 0);
        return new Subscription(channel.Reader, () =>
        {
            if (_watchers.TryGetValue(jobId, out var set)) set.TryRemove(channel, out _);
        });
    }

    public void Publish(JobEvent jobEvent)
    {
        metrics.Record(jobEvent);
        try
        {
            redis.GetSubscriber().Publish(JobKeys.Events, jobEvent.ToByteArray(), CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            logger.LogWarning("Job {Job}: event not sent to watchers ({Reason}); they read the job's state instead", jobEvent.JobId, e.Message);
        }
    }

    /// <summary>An event some replica published, for this replica's watchers.</summary>
    public void Deliver(JobEvent jobEvent)
    {
        if (!_watchers.TryGetValue(jobEvent.JobId, out var set)) return;
        foreach (var channel in set.Keys)
        {
            channel.Writer.TryWrite(jobEvent);
            if (jobEvent.EventCase == JobEvent.EventOneofCase.Finished) channel.Writer.TryComplete();
        }
    }

    public sealed class Subscription(ChannelReader<JobEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<JobEvent> Reader { get; } = reader;
        public void Dispose() => unsubscribe();
    }
}

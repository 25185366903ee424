using System.Collections.Concurrent;
using System.Threading.Channels;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Telemetry;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>
/// Fans a job's events out to its watchers. Each watcher has a bounded buffer that drops the oldest events, so a slow
/// watcher never slows training; the terminal event is written last and so is never the one dropped. Every event
/// also goes to the training meter, watched or not.
/// </summary>
public sealed class JobEventHub(TrainingMetrics metrics)
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

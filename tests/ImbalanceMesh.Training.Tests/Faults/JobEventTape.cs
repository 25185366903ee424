using System.Threading.Channels;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Tests.Faults;

/// <summary>
/// Records one WatchJob stream from the moment it is opened, so that a test can wait for one event, act (kill a
/// process), then wait for the next without missing what happened in between.
/// </summary>
public sealed class JobEventTape : IDisposable
{
    private readonly AsyncServerStreamingCall<JobEvent> _call;
    private readonly Channel<JobEvent> _events = Channel.CreateUnbounded<JobEvent>();
    private readonly Task _reading;

    public JobEventTape(TrainingService.TrainingServiceClient client, string jobId)
    {
        _call = client.WatchJob(new JobRef { JobId = jobId });
        _reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in _call.ResponseStream.ReadAllAsync()) _events.Writer.TryWrite(e);
                _events.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _events.Writer.TryComplete(e);
            }
        });
    }

    /// <summary>The next event that matches, or the finished event if the job ends first.</summary>
    public async Task<JobEvent> UntilAsync(Func<JobEvent, bool> wanted, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await foreach (var e in _events.Reader.ReadAllAsync(cts.Token))
            if (wanted(e) || e.EventCase == JobEvent.EventOneofCase.Finished) return e;
        throw new InvalidOperationException("the watch ended without the job finishing");
    }

    public void Dispose()
    {
        _call.Dispose();
        _reading.Wait(TimeSpan.FromSeconds(5));
    }
}

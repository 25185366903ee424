using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Tests.Support;

public static class JobWatching
{
    /// <summary>Reads WatchJob until the finished event (or the timeout), returning every event seen.</summary>
    public static async Task<List<JobEvent>> WatchToEndAsync(this TrainingService.TrainingServiceClient client, string jobId,
        TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var call = client.WatchJob(new JobRef { JobId = jobId }, cancellationToken: cts.Token);
        var seen = new List<JobEvent>();
        await foreach (var e in call.ResponseStream.ReadAllAsync(cts.Token))
        {
            seen.Add(e);
            if (e.EventCase == JobEvent.EventOneofCase.Finished) break;
        }
        return seen;
    }

    /// <summary>Polls GetJob until the condition holds (or the timeout).</summary>
    public static async Task<Job> WaitForAsync(this TrainingService.TrainingServiceClient client, string jobId,
        Func<Job, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await client.GetJobAsync(new JobRef { JobId = jobId });
            if (condition(job) || DateTime.UtcNow > deadline) return job;
            await Task.Delay(50);
        }
    }

    /// <summary>The job's best checkpoint: its weight bytes and model card.</summary>
    public static async Task<(byte[] Bytes, ModelCard Card)> DownloadCheckpointAsync(this TrainingService.TrainingServiceClient client,
        string jobId)
    {
        using var call = client.GetCheckpoint(new JobRef { JobId = jobId });
        var bytes = new MemoryStream();
        ModelCard? card = null;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            card ??= chunk.Card;
            chunk.Data.WriteTo(bytes);
        }
        return (bytes.ToArray(), card ?? throw new InvalidOperationException("no model card in the checkpoint stream"));
    }
}

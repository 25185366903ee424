using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Jobs;
using ImbalanceMesh.Training.Specs;
using ImbalanceMesh.Training.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Grpc;

/// <summary>imbalancemesh.v1.Training RPC handlers.</summary>
public sealed class TrainingGrpcService(
    JobSubmission submission,
    JobStore jobs,
    JobScheduler scheduler,
    JobEventHub events,
    CheckpointStore checkpoints,
    PretrainedStore pretrained,
    IOptions<TrainingOptions> options) : TrainingService.TrainingServiceBase
{
    private const int ChunkBytes = 1024 * 1024;

    public override Task<Job> StartTraining(TrainingSpec request, ServerCallContext context) =>
        submission.SubmitAsync(request, context.CancellationToken);

    public override Task<PretrainedWeights> UploadPretrained(IAsyncStreamReader<PretrainedChunk> requestStream,
        ServerCallContext context) => pretrained.UploadAsync(requestStream, context.CancellationToken);

    public override Task<Job> GetJob(JobRef request, ServerCallContext context) => Task.FromResult(Find(request).Job);

    public override async Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context) =>
        new() { Jobs = { (await jobs.ListAsync()).Select(j => j.Job) } };

    public override Task<Job> CancelJob(JobRef request, ServerCallContext context)
    {
        Find(request);
        return Task.FromResult(scheduler.Cancel(request.JobId)!.Job);
    }

    public override Task<Job> ResumeJob(JobRef request, ServerCallContext context)
    {
        Find(request);
        return Task.FromResult(scheduler.Resume(request.JobId).Job);
    }

    /// <summary>
    /// The job's events, whichever replica runs it. When none comes for Training:WatchPollMilliseconds the job's state is
    /// read, so a watcher never waits on a terminal event that was lost (a replica that died, a Redis reconnect).
    /// </summary>
    public override async Task WatchJob(JobRef request, IServerStreamWriter<JobEvent> responseStream, ServerCallContext context)
    {
        using var subscription = events.Subscribe(request.JobId);
        var current = Find(request).Job;
        if (JobStates.IsTerminal(current.State))
        {
            await responseStream.WriteAsync(new JobEvent { JobId = current.JobId, Finished = current });
            return;
        }
        await responseStream.WriteAsync(new JobEvent
        {
            JobId = current.JobId,
            Log = $"{current.State}: {current.EpochsDone}/{current.Spec.Epochs} epochs done",
        });
        var poll = TimeSpan.FromMilliseconds(options.Value.WatchPollMilliseconds);
        try
        {
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
                wait.CancelAfter(poll);
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(wait.Token)) return;
                }
                catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
                {
                    if (Find(request).Job is { } now && JobStates.IsTerminal(now.State))
                    {
                        await responseStream.WriteAsync(new JobEvent { JobId = now.JobId, Finished = now });
                        return;
                    }
                    continue;
                }
                while (subscription.Reader.TryRead(out var jobEvent)) await responseStream.WriteAsync(jobEvent);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
    }

    public override async Task GetCheckpoint(JobRef request, IServerStreamWriter<CheckpointChunk> responseStream,
        ServerCallContext context)
    {
        var job = Find(request).Job;
        var best = checkpoints.LoadBest(job.JobId)
            ?? throw MeshException.Precondition(
                $"job {job.JobId} has no checkpoint yet ({job.State}, {job.EpochsDone} epochs done); wait for its first epoch");
        for (var offset = 0; offset == 0 || offset < best.Model.Length; offset += ChunkBytes)
        {
            var chunk = new CheckpointChunk
            {
                Data = ByteString.CopyFrom(best.Model, offset, Math.Min(ChunkBytes, best.Model.Length - offset)),
            };
            if (offset == 0) chunk.Card = best.Card;
            await responseStream.WriteAsync(chunk, context.CancellationToken);
        }
    }

    private StoredJob Find(JobRef request)
    {
        if (string.IsNullOrWhiteSpace(request.JobId))
            throw MeshException.Invalid("job_id is empty; list jobs with ListJobs (imesh jobs)");
        return jobs.Find(request.JobId)
            ?? throw MeshException.NotFound($"no job '{request.JobId}'; list jobs with ListJobs (imesh jobs)");
    }
}

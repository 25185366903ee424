using System.Collections.Concurrent;
using System.Threading.Channels;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Specs;
using ImbalanceMesh.Training.Storage;
using Microsoft.Extensions.Options;
using Nito.AsyncEx;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>
/// The job queue: MaxConcurrentJobs workers take queued jobs in order. At start-up every job left queued or running
/// by a previous process is queued again and continues from its last checkpoint, and temp files a killed checkpoint
/// write left behind are removed. A job whose dependency is unavailable is retried (JobAttempts); a failing job is
/// marked failed with its reason; the service keeps serving. A failed or cancelled job can be resumed. On shutdown, running jobs are left "running" on disk so they resume.
/// Each worker is its own thread with a single-threaded context, so every libtorch call of a job comes from one OS
/// thread and libgomp keeps one team of workers (docs/TRAINING.md, "Threads").
/// </summary>
public sealed class JobScheduler(
    JobStore jobs,
    CheckpointStore checkpoints,
    JobEventHub events,
    JobAttempts attempts,
    IOptions<TrainingOptions> options,
    ILogger<JobScheduler> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<string, byte> _cancelRequested = new();
    private readonly object _stateLock = new();

    public void Enqueue(string jobId) => _queue.Writer.TryWrite(jobId);

    /// <summary>Cancels a queued or running job; returns the job as stored afterwards (null when unknown).</summary>
    public StoredJob? Cancel(string jobId)
    {
        lock (_stateLock)
        {
            var stored = jobs.Find(jobId);
            if (stored is null || JobStates.IsTerminal(stored.Job.State)) return stored;
            _cancelRequested.TryAdd(jobId, 0);
            if (_running.TryGetValue(jobId, out var cts))
            {
                cts.Cancel();
                return stored;
            }
            return Finish(stored, JobState.JobCancelled, "cancelled before it started");
        }
    }

    /// <summary>Queues a failed or cancelled job (known to exist) again, to continue from its last checkpoint.</summary>
    public StoredJob Resume(string jobId)
    {
        lock (_stateLock)
        {
            var stored = jobs.Find(jobId)!; // the RPC handler found it, and jobs are never deleted
            if (stored.Job.State is not (JobState.JobFailed or JobState.JobCancelled))
                throw MeshException.Precondition(
                    $"job {jobId} is {JobStates.Name(stored.Job.State)} ({stored.Job.EpochsDone}/{stored.Job.Spec.Epochs} epochs done); only a failed or cancelled job can be resumed");
            _cancelRequested.TryRemove(jobId, out _);
            var job = stored.Job.Clone();
            job.State = JobState.JobQueued;
            job.Error = "";
            var queued = stored with { Job = job };
            jobs.Save(queued);
            logger.LogInformation("Resuming job {Job} after {Epochs} epochs", jobId, job.EpochsDone);
            Enqueue(jobId);
            return queued;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var leftover in checkpoints.RemoveLeftovers())
            logger.LogInformation("Removed {File}, left by a checkpoint write that did not finish", leftover);
        foreach (var stored in jobs.List().Where(j => !JobStates.IsTerminal(j.Job.State)))
        {
            logger.LogInformation("Re-queueing unfinished job {Job} ({Epochs} epochs done)", stored.Job.JobId, stored.Job.EpochsDone);
            Enqueue(stored.Job.JobId);
        }
        var threads = Enumerable.Range(0, Math.Max(1, options.Value.MaxConcurrentJobs)).Select(_ => new AsyncContextThread()).ToList();
        try
        {
            await Task.WhenAll(threads.Select(thread => thread.Factory.Run(() => WorkAsync(stoppingToken))));
        }
        finally
        {
            foreach (var thread in threads) await thread.JoinAsync();
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobId in _queue.Reader.ReadAllAsync(stoppingToken)) await RunOneAsync(jobId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(string jobId, CancellationToken stoppingToken)
    {
        StoredJob stored;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (_stateLock)
        {
            var found = jobs.Find(jobId);
            if (found is null || JobStates.IsTerminal(found.Job.State)) return;
            found.Job.State = JobState.JobRunning;
            jobs.Save(found);
            stored = found;
            _running[jobId] = cts;
        }
        try
        {
            var done = await attempts.RunAsync(stored, cts.Token);
            PublishFinished(done.Job);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested && !_cancelRequested.ContainsKey(jobId))
        {
            logger.LogInformation("Job {Job} interrupted by shutdown; it resumes on the next start", jobId);
        }
        // A cancel during a call to another service surfaces as whatever that call throws (an RpcException Cancelled,
        // wrapped or not), not always as OperationCanceledException.
        catch (Exception) when (_cancelRequested.ContainsKey(jobId) && cts.IsCancellationRequested)
        {
            lock (_stateLock) Finish(jobs.Find(jobId) ?? stored, JobState.JobCancelled, "cancelled");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {Job} failed", jobId);
            lock (_stateLock) Finish(jobs.Find(jobId) ?? stored, JobState.JobFailed, DependencyFailure.Describe(e));
        }
        finally
        {
            // Only this run's entry: a resumed run of the same job may already have put its own.
            _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(jobId, cts));
        }
    }

    private StoredJob Finish(StoredJob stored, JobState state, string reason)
    {
        var job = stored.Job.Clone();
        job.State = state;
        job.Error = state == JobState.JobCancelled ? "" : reason;
        var finished = stored with { Job = job };
        jobs.Save(finished);
        PublishFinished(job);
        return finished;
    }

    private void PublishFinished(Job job) => events.Publish(new JobEvent { JobId = job.JobId, Finished = job });
}

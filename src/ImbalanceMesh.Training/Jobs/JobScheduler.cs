using System.Collections.Concurrent;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Storage;
using Microsoft.Extensions.Options;
using Nito.AsyncEx;
using StackExchange.Redis;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>
/// This replica's share of the one job queue every replica reaches (the jobs Redis): MaxConcurrentJobs workers each
/// take the oldest open job no replica holds (a lease, <see cref="JobLeases"/>), run it while renewing the lease, and
/// take the next. A job left running by a replica that died is taken over once that replica's lease expires, and
/// continues from its last checkpoint; on shutdown a replica gives its jobs back at once. A job whose dependency is
/// unavailable is retried (JobAttempts); a failing job is marked failed with its reason; the service keeps serving.
/// A failed or cancelled job can be resumed. Each worker is its own thread with a single-threaded context, so every
/// libtorch call of a job comes from one OS thread and libgomp keeps one team of workers (docs/TRAINING.md, "Threads").
/// </summary>
public sealed class JobScheduler(
    JobStore jobs,
    JobLeases leases,
    CheckpointStore checkpoints,
    JobEventHub events,
    JobAttempts attempts,
    IOptions<TrainingOptions> options,
    ILogger<JobScheduler> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<string, LeasedRun> _running = new();
    private TrainingOptions Options => options.Value;

    /// <summary>Wakes an idle worker of this replica: a job was just queued.</summary>
    public void Enqueue() => _wake.Release();

    /// <summary>Cancels a queued or running job, whichever replica holds it; returns the job as stored afterwards.</summary>
    public StoredJob? Cancel(string jobId)
    {
        while (true)
        {
            var stored = jobs.Find(jobId);
            if (stored is null || JobStates.IsTerminal(stored.Job.State)) return stored;
            var cancelled = Finished(stored, JobState.JobCancelled, "cancelled before it started");
            switch (jobs.SaveUnheld(cancelled, cancelIfHeld: true))
            {
                case UnheldWrite.Saved:
                    PublishFinished(cancelled.Job);
                    return cancelled;
                case UnheldWrite.Held:
                    // Its holder stops at its next heartbeat; when that is this replica, stop it now.
                    if (_running.TryGetValue(jobId, out var run)) run.Cancel();
                    return stored;
            }
        }
    }

    /// <summary>Queues a failed or cancelled job (known to exist) again, to continue from its last checkpoint.</summary>
    public StoredJob Resume(string jobId)
    {
        while (true)
        {
            var stored = jobs.Find(jobId)!; // the RPC handler found it, and jobs are never deleted
            if (stored.Job.State is not (JobState.JobFailed or JobState.JobCancelled))
                throw MeshException.Precondition(
                    $"job {jobId} is {JobStates.Name(stored.Job.State)} ({stored.Job.EpochsDone}/{stored.Job.Spec.Epochs} epochs done); only a failed or cancelled job can be resumed");
            var job = stored.Job.Clone();
            job.State = JobState.JobQueued;
            job.Error = "";
            var queued = stored with { Job = job };
            var write = jobs.SaveUnheld(queued);
            if (write == UnheldWrite.Changed) continue;
            if (write == UnheldWrite.Held)
                throw MeshException.Precondition($"job {jobId} is {JobStates.Name(stored.Job.State)} but a replica still holds it; try again in a few seconds");
            logger.LogInformation("Resuming job {Job} after {Epochs} epochs", jobId, job.EpochsDone);
            Enqueue();
            return queued;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Training replica {Holder} takes jobs from the shared queue", leases.Holder);
        var threads = Enumerable.Range(0, Math.Max(1, Options.MaxConcurrentJobs)).Select(_ => new AsyncContextThread()).ToList();
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
            while (!stoppingToken.IsCancellationRequested)
            {
                JobLease? lease;
                try
                {
                    lease = leases.TryClaimNext();
                }
                catch (RedisException e)
                {
                    logger.LogWarning("The job queue is unreachable ({Reason}); looking again shortly", e.Message);
                    lease = null;
                }
                if (lease is null) await _wake.WaitAsync(TimeSpan.FromMilliseconds(Options.QueuePollMilliseconds), stoppingToken);
                else await RunLeasedAsync(lease, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunLeasedAsync(JobLease lease, CancellationToken stoppingToken)
    {
        var jobId = lease.JobId;
        using var run = new LeasedRun(lease, stoppingToken);
        var heartbeat = Task.Run(() => KeepLeaseAsync(run));
        try
        {
            var found = jobs.Find(jobId);
            if (found is null || JobStates.IsTerminal(found.Job.State)) return;
            foreach (var leftover in checkpoints.RemoveLeftovers(jobId))
                logger.LogInformation("Removed {File}, left by a checkpoint write that did not finish", leftover);
            if (found.Job.State == JobState.JobRunning)
                logger.LogInformation("Taking over job {Job} ({Epochs} epochs done), left running by a replica that stopped", jobId, found.Job.EpochsDone);
            found.Job.State = JobState.JobRunning;
            if (!jobs.SaveHeld(found, lease)) throw new JobLeaseLostException(jobId);
            _running[jobId] = run;
            var done = await attempts.RunAsync(found, lease, run.Token);
            PublishFinished(done.Job);
        }
        catch (Exception e) when (run.Lost || e is JobLeaseLostException)
        {
            logger.LogWarning("Job {Job}: this replica's lease ended (no heartbeat for {Lease} ms); another replica continues it", jobId, Options.LeaseMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested && !run.CancelRequested)
        {
            logger.LogInformation("Job {Job} interrupted by shutdown; another replica, or this one's next start, continues it", jobId);
        }
        // A cancel during a call to another service surfaces as whatever that call throws (an RpcException Cancelled,
        // wrapped or not), not always as OperationCanceledException.
        catch (Exception) when (run.CancelRequested && run.Token.IsCancellationRequested)
        {
            FinishHeld(jobId, lease, JobState.JobCancelled, "cancelled");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {Job} failed", jobId);
            FinishHeld(jobId, lease, JobState.JobFailed, DependencyFailure.Describe(e));
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, LeasedRun>(jobId, run));
            run.StopHeartbeat();
            await heartbeat;
            if (!run.Lost) TryRelease(lease);
        }
    }

    /// <summary>Renews the lease each heartbeat until the run ends; a lost lease or a cancel request stops the run.</summary>
    private async Task KeepLeaseAsync(LeasedRun run)
    {
        var lastRenewed = DateTime.UtcNow;
        var interval = TimeSpan.FromMilliseconds(Options.HeartbeatMilliseconds);
        try
        {
            while (true)
            {
                try
                {
                    switch (leases.Renew(run.Lease))
                    {
                        case LeaseState.Lost:
                            run.Lose();
                            return;
                        case LeaseState.HeldAndCancelRequested:
                            run.Cancel();
                            break;
                    }
                    lastRenewed = DateTime.UtcNow;
                }
                catch (RedisException e) when (DateTime.UtcNow - lastRenewed < TimeSpan.FromMilliseconds(Options.LeaseMilliseconds))
                {
                    logger.LogWarning("Job {Job}: could not renew its lease ({Reason}); trying again", run.Lease.JobId, e.Message);
                }
                catch (RedisException)
                {
                    run.Lose(); // another replica may hold it by now
                    return;
                }
                await Task.Delay(interval, run.HeartbeatStopping);
            }
        }
        catch (OperationCanceledException) when (run.HeartbeatStopping.IsCancellationRequested)
        {
        }
    }

    private void FinishHeld(string jobId, JobLease lease, JobState state, string reason)
    {
        var stored = jobs.Find(jobId);
        if (stored is null) return;
        var finished = Finished(stored, state, reason);
        if (jobs.SaveHeld(finished, lease)) PublishFinished(finished.Job);
        else logger.LogWarning("Job {Job}: not marked {State}, this replica no longer holds it", jobId, JobStates.Name(state));
    }

    private void TryRelease(JobLease lease)
    {
        try
        {
            leases.Release(lease);
        }
        catch (RedisException e)
        {
            logger.LogWarning("Job {Job}: lease not released ({Reason}); it expires by itself", lease.JobId, e.Message);
        }
    }

    private static StoredJob Finished(StoredJob stored, JobState state, string reason)
    {
        var job = stored.Job.Clone();
        job.State = state;
        job.Error = state == JobState.JobCancelled ? "" : reason;
        return stored with { Job = job };
    }

    private void PublishFinished(Job job) => events.Publish(new JobEvent { JobId = job.JobId, Finished = job });

    /// <summary>One run of a leased job: its cancellation, and why it stopped.</summary>
    private sealed class LeasedRun(JobLease lease, CancellationToken stopping) : IDisposable
    {
        private readonly CancellationTokenSource _run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        private readonly CancellationTokenSource _heartbeat = new();
        private volatile bool _cancelRequested;
        private volatile bool _lost;

        public JobLease Lease { get; } = lease;
        public CancellationToken Token => _run.Token;
        public CancellationToken HeartbeatStopping => _heartbeat.Token;
        public bool CancelRequested => _cancelRequested;
        public bool Lost => _lost;

        public void Cancel()
        {
            _cancelRequested = true;
            _run.Cancel();
        }

        public void Lose()
        {
            _lost = true;
            _run.Cancel();
        }

        public void StopHeartbeat() => _heartbeat.Cancel();

        public void Dispose()
        {
            _run.Dispose();
            _heartbeat.Dispose();
        }
    }
}

/// <summary>The replica no longer holds the job it was writing: another replica has taken it over.</summary>
public sealed class JobLeaseLostException(string jobId)
    : Exception($"job {jobId} is no longer held by this replica; another replica has taken it over");

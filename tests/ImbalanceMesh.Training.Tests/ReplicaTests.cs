using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Jobs;
using ImbalanceMesh.Training.Storage;
using ImbalanceMesh.Training.Tests.Support;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Tests;

/// <summary>Training replicas on one data root and one jobs Redis: one queue, each job run by one replica at a time.</summary>
public sealed class ReplicaTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Two_replicas_share_the_queue_and_never_run_the_same_job_at_once()
    {
        var dataRoot = mesh.NewDataRoot();
        await using var first = await mesh.StartTrainingAsync(dataRoot);
        await using var second = await mesh.StartTrainingAsync(dataRoot);
        var submit = new TrainingService.TrainingServiceClient(first.Channel);
        var watch = new TrainingService.TrainingServiceClient(second.Channel);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++) ids.Add((await submit.StartTrainingAsync(TrainingMesh.TinySpec(3))).JobId);

        // Every job watched through the replica it was not submitted to; lease holders sampled while they run.
        var holders = ids.ToDictionary(id => id, _ => new HashSet<string>());
        using var sampling = new CancellationTokenSource();
        var sampler = SampleHoldersAsync(mesh.JobsRedis(dataRoot), holders, sampling.Token);
        var watched = await Task.WhenAll(ids.Select(id => watch.WatchToEndAsync(id, Patience)));
        await sampling.CancelAsync();
        await sampler;

        foreach (var (id, events) in ids.Zip(watched))
        {
            var finished = events.Last().Finished;
            Assert.True(finished?.State == JobState.JobSucceeded, $"{id}: {finished?.State} {finished?.Error}");
            // Two replicas running one job would each report its epochs: every epoch is seen exactly once, in order.
            Assert.Equal([1, 2, 3], events.Where(e => e.Epoch is not null).Select(e => e.Epoch.Epoch));
            Assert.DoesNotContain(events, e => e.Log.StartsWith("resumed", StringComparison.Ordinal));
            Assert.True(holders[id].Count <= 1, $"{id} was held by {string.Join(", ", holders[id])}");
        }
        // Both replicas took jobs from the one queue.
        Assert.Equal(2, holders.Values.SelectMany(h => h).Distinct().Count());
    }

    [Fact]
    public async Task Claims_raced_by_many_workers_of_two_replicas_give_each_open_job_to_exactly_one()
    {
        var jobsRedis = await mesh.StartJobsRedisAsync();
        await using var redis = await jobsRedis.ConnectAsync();
        var store = new JobStore(redis);
        var options = Options.Create(new TrainingOptions { LeaseMilliseconds = 60_000 });
        var replicas = new[] { new JobLeases(redis, options), new JobLeases(redis, options) };
        var ids = Enumerable.Range(0, 40).Select(i => $"job-race-{i:00}").ToList();
        foreach (var id in ids) store.Add(new StoredJob(new Job { JobId = id, State = JobState.JobQueued }, new JobProgress()));

        // Dedicated threads: 16 blocking claimers on pool threads starve the pool the Redis client completes on (2 cores).
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Factory.StartNew(() =>
        {
            var mine = new List<JobLease>();
            while (replicas[worker % 2].TryClaimNext() is { } lease) mine.Add(lease);
            return mine;
        }, TaskCreationOptions.LongRunning)));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(ids.Order(), all.Select(l => l.JobId).Order());
        Assert.Equal(2, all.Select(l => l.Holder).Distinct().Count());
    }

    [Fact]
    public async Task A_lease_that_expired_is_taken_over_and_the_old_holder_can_no_longer_write_the_job()
    {
        var jobsRedis = await mesh.StartJobsRedisAsync();
        await using var redis = await jobsRedis.ConnectAsync();
        var store = new JobStore(redis);
        var shortLeases = Options.Create(new TrainingOptions { LeaseMilliseconds = 300 });
        var dead = new JobLeases(redis, shortLeases);
        var alive = new JobLeases(redis, shortLeases);
        var job = new Job { JobId = "job-takeover", State = JobState.JobQueued, Spec = new TrainingSpec { Epochs = 5 } };
        store.Add(new StoredJob(job, new JobProgress()));

        var held = dead.TryClaimNext()!;
        Assert.Null(alive.TryClaimNext()); // held: nothing for the other replica
        var running = job.Clone();
        running.State = JobState.JobRunning;
        running.EpochsDone = 2;
        Assert.True(store.SaveHeld(new StoredJob(running, new JobProgress()), held));

        await Task.Delay(600); // no heartbeat: the lease expires
        var takenOver = alive.TryClaimNext();
        Assert.Equal(("job-takeover", alive.Holder), (takenOver?.JobId, takenOver?.Holder));
        Assert.Equal(LeaseState.Lost, dead.Renew(held));
        var stale = running.Clone();
        stale.EpochsDone = 1;
        Assert.False(store.SaveHeld(new StoredJob(stale, new JobProgress()), held));
        Assert.Equal(2, store.Find("job-takeover")!.Job.EpochsDone);
        Assert.Equal(LeaseState.Held, alive.Renew(takenOver!));
    }

    [Fact]
    public async Task A_lease_that_expired_unclaimed_is_taken_again_by_its_holder_unless_the_job_was_written_since()
    {
        var jobsRedis = await mesh.StartJobsRedisAsync();
        await using var redis = await jobsRedis.ConnectAsync();
        var store = new JobStore(redis);
        var stalled = new JobLeases(redis, Options.Create(new TrainingOptions { LeaseMilliseconds = 300 }));
        var job = new Job { JobId = "job-stalled", State = JobState.JobQueued, Spec = new TrainingSpec { Epochs = 5 } };
        store.Add(new StoredJob(job, new JobProgress()));
        var lease = stalled.TryClaimNext()!;
        var running = job.Clone();
        running.State = JobState.JobRunning;
        Assert.True(store.SaveHeld(new StoredJob(running, new JobProgress()), lease));

        await Task.Delay(600); // no heartbeat, and no other replica looked
        Assert.False(await redis.GetDatabase().KeyExistsAsync(JobKeys.Lease(job.JobId)));
        Assert.Equal(LeaseState.Held, stalled.Renew(lease));
        Assert.Equal(lease.Holder, (string?)await redis.GetDatabase().StringGetAsync(JobKeys.Lease(job.JobId)));

        await Task.Delay(600); // expired again; an epoch's save comes first this time
        running.EpochsDone = 1;
        Assert.True(store.SaveHeld(new StoredJob(running, new JobProgress()), lease));
        Assert.Equal(LeaseState.Held, stalled.Renew(lease));

        await Task.Delay(600); // expired again, and meanwhile the job is cancelled through another replica
        var found = store.Find(job.JobId)!;
        var cancelled = found.Job.Clone();
        cancelled.State = JobState.JobCancelled;
        Assert.Equal(UnheldWrite.Saved, store.SaveUnheld(found with { Job = cancelled }));
        Assert.Equal(LeaseState.Lost, stalled.Renew(lease));
        running.EpochsDone = 2;
        Assert.False(store.SaveHeld(new StoredJob(running, new JobProgress()), lease));
        Assert.Equal(JobState.JobCancelled, store.Find(job.JobId)!.Job.State);
    }

    private static async Task SampleHoldersAsync(Testing.RedisServer jobsRedis, Dictionary<string, HashSet<string>> holders,
        CancellationToken stop)
    {
        await using var redis = await jobsRedis.ConnectAsync();
        var database = redis.GetDatabase();
        while (!stop.IsCancellationRequested)
        {
            foreach (var (id, seen) in holders)
                if ((string?)await database.StringGetAsync(JobKeys.Lease(id)) is { } holder) seen.Add(holder);
            try { await Task.Delay(20, stop); } catch (OperationCanceledException) { }
        }
    }
}

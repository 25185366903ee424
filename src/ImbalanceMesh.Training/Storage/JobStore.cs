using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Jobs;
using StackExchange.Redis;

namespace ImbalanceMesh.Training.Storage;

/// <summary>
/// Jobs in the jobs Redis (ConnectionStrings__jobs: persistent, never evicting), which every training replica reaches:
/// the Job message plus what resuming needs. A running job is written only by the replica holding its lease
/// (<see cref="SaveHeld"/>); anyone else writes a job only while no replica holds it and only over the version it read
/// (<see cref="SaveUnheld"/>). Each write is one Lua script, so the check and the write are atomic.
/// </summary>
public sealed class JobStore([FromKeyedServices(JobStore.ConnectionName)] IConnectionMultiplexer redis)
{
    public const string ConnectionName = "jobs";

    private const string SaveHeldScript = JobLeases.HeldFunction + """
        if not held(KEYS[2], KEYS[1], ARGV[1], ARGV[6]) then return 0 end
        redis.call('HSET', KEYS[1], 'job', ARGV[2], 'progress', ARGV[3], 'holder', ARGV[1])
        redis.call('HINCRBY', KEYS[1], 'version', 1)
        if ARGV[4] == '1' then
          redis.call('ZREM', KEYS[3], ARGV[5])
          redis.call('HDEL', KEYS[1], 'cancel', 'holder')
          redis.call('DEL', KEYS[2])
        end
        return 1
        """;

    private const string SaveUnheldScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then
          if ARGV[6] == '1' then redis.call('HSET', KEYS[1], 'cancel', '1') end
          return -1
        end
        if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') ~= tonumber(ARGV[1]) then return -2 end
        redis.call('HSET', KEYS[1], 'job', ARGV[2], 'progress', ARGV[3])
        redis.call('HINCRBY', KEYS[1], 'version', 1)
        redis.call('HDEL', KEYS[1], 'cancel', 'holder')
        if ARGV[4] == '1' then redis.call('ZREM', KEYS[3], ARGV[5])
        else redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[4]), ARGV[5]) end
        return 1
        """;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Stores a new job and puts it at the end of the queue.</summary>
    public void Add(StoredJob stored)
    {
        var id = stored.Job.JobId;
        var database = Database;
        var order = database.StringIncrement(JobKeys.Sequence);
        var transaction = database.CreateTransaction();
        _ = transaction.HashSetAsync(JobKeys.Job(id),
        [
            new HashEntry("job", stored.Job.ToByteArray()),
            new HashEntry("progress", stored.Progress.ToBytes()),
            new HashEntry("version", 1),
        ]);
        _ = transaction.SortedSetAddAsync(JobKeys.All, id, order);
        _ = transaction.SortedSetAddAsync(JobKeys.Open, id, order);
        transaction.Execute();
    }

    public StoredJob? Find(string jobId) => Read(Database.HashGet(JobKeys.Job(jobId), Fields));

    /// <summary>All jobs, oldest first.</summary>
    public async Task<IReadOnlyList<StoredJob>> ListAsync()
    {
        var database = Database;
        var ids = await database.SortedSetRangeByRankAsync(JobKeys.All);
        var batch = database.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAsync(JobKeys.Job(id!), Fields)).ToList();
        batch.Execute();
        return [.. (await Task.WhenAll(reads)).Select(Read).OfType<StoredJob>()];
    }

    /// <summary>
    /// Writes the job for the replica holding <paramref name="lease"/>; a final state ends the lease and leaves the
    /// queue. False when the lease is no longer this replica's (it expired and another replica took the job over, or the
    /// job was written by someone else since): then nothing is written. An expired lease no one took is taken again.
    /// </summary>
    public bool SaveHeld(StoredJob stored, JobLease lease)
    {
        var id = stored.Job.JobId;
        var result = Database.ScriptEvaluate(SaveHeldScript,
            [JobKeys.Job(id), JobKeys.Lease(id), JobKeys.Open],
            [lease.Holder, stored.Job.ToByteArray(), stored.Progress.ToBytes(), JobStates.IsTerminal(stored.Job.State) ? 1 : 0, id, lease.Milliseconds]);
        return (int)result == 1;
    }

    /// <summary>
    /// Writes a job no replica holds (cancel before it started, resume after it ended), over the version
    /// <paramref name="next"/> was read at; an open state puts it at the end of the queue. With
    /// <paramref name="cancelIfHeld"/>, a held job is asked to cancel instead (its holder sees that at its next heartbeat).
    /// </summary>
    public UnheldWrite SaveUnheld(StoredJob next, bool cancelIfHeld = false)
    {
        var id = next.Job.JobId;
        var result = (int)Database.ScriptEvaluate(SaveUnheldScript,
            [JobKeys.Job(id), JobKeys.Lease(id), JobKeys.Open, JobKeys.Sequence],
            [next.Version, next.Job.ToByteArray(), next.Progress.ToBytes(), JobStates.IsTerminal(next.Job.State) ? 1 : 0, id, cancelIfHeld ? 1 : 0]);
        return result switch { 1 => UnheldWrite.Saved, -1 => UnheldWrite.Held, _ => UnheldWrite.Changed };
    }

    private static readonly RedisValue[] Fields = ["job", "progress", "version"];

    private static StoredJob? Read(RedisValue[] fields) =>
        fields[0].IsNull
            ? null
            : new StoredJob(Job.Parser.ParseFrom((byte[])fields[0]!), JobProgress.FromBytes((byte[])fields[1]!))
            {
                Version = (long)fields[2],
            };
}

public enum UnheldWrite
{
    Saved,

    /// <summary>A replica holds the job: nothing was written (but a cancel was asked for, if that was wanted).</summary>
    Held,

    /// <summary>The job was written since it was read: read it again.</summary>
    Changed,
}

using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>A replica's hold on one job: while it lasts, no other replica runs the job. Milliseconds: its length.</summary>
public sealed record JobLease(string JobId, string Holder, int Milliseconds);

/// <summary>What a heartbeat found.</summary>
public enum LeaseState
{
    Held,
    HeldAndCancelRequested,
    Lost,
}

/// <summary>
/// Leases on the jobs of the shared queue. A replica takes the oldest open job no one holds (SET NX with an expiry,
/// in one script over the queue) and renews the lease every heartbeat; a replica that dies stops renewing, its lease
/// expires after Training:LeaseMilliseconds, and the next replica that looks takes the job over from its last
/// checkpoint. The holder is this process (host, pid and a random part), so a restarted replica is a new holder.
/// A replica that was only stalled past its lease (a long pause of the process or its machine) takes the lease again
/// when no one has written the job since its own last write (<see cref="HeldFunction"/>): it keeps its work.
/// </summary>
public sealed class JobLeases([FromKeyedServices(JobStore.ConnectionName)] IConnectionMultiplexer redis, IOptions<TrainingOptions> options)
{
    private const string ClaimScript = """
        for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          if redis.call('SET', ARGV[1] .. id, ARGV[2], 'NX', 'PX', ARGV[3]) then return id end
        end
        return false
        """;

    /// <summary>
    /// Lua <c>held(lease, job, holder, milliseconds)</c>: true when the lease is holder's, taking it again for
    /// milliseconds when it expired and the job hash's 'holder' (set by every held write, cleared by any other write and
    /// by a final state) is still holder: then no other replica has run the job since.
    /// </summary>
    public const string HeldFunction = """
        local function held(lease, job, holder, milliseconds)
          local current = redis.call('GET', lease)
          if current == holder then return true end
          if current or redis.call('HGET', job, 'holder') ~= holder then return false end
          redis.call('SET', lease, holder, 'PX', milliseconds)
          return true
        end

        """;

    private const string RenewScript = HeldFunction + """
        if not held(KEYS[1], KEYS[2], ARGV[1], ARGV[2]) then return -1 end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return redis.call('HEXISTS', KEYS[2], 'cancel')
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private int LeaseMilliseconds => options.Value.LeaseMilliseconds;

    /// <summary>The oldest open job no replica holds, now held by this one; null when there is none.</summary>
    public JobLease? TryClaimNext()
    {
        var id = redis.GetDatabase().ScriptEvaluate(ClaimScript, [JobKeys.Open], [JobKeys.LeasePrefix, Holder, LeaseMilliseconds]);
        return id.IsNull ? null : new JobLease((string)id!, Holder, LeaseMilliseconds);
    }

    public LeaseState Renew(JobLease lease) =>
        (int)redis.GetDatabase().ScriptEvaluate(RenewScript, [JobKeys.Lease(lease.JobId), JobKeys.Job(lease.JobId)],
                [lease.Holder, lease.Milliseconds]) switch
            {
                -1 => LeaseState.Lost,
                1 => LeaseState.HeldAndCancelRequested,
                _ => LeaseState.Held,
            };

    /// <summary>Gives the job back to the queue at once (on shutdown), so another replica need not wait for expiry.</summary>
    public void Release(JobLease lease) =>
        redis.GetDatabase().ScriptEvaluate(ReleaseScript, [JobKeys.Lease(lease.JobId)], [lease.Holder]);
}

using StackExchange.Redis;

namespace ImbalanceMesh.Training.Storage;

/// <summary>
/// Where jobs live in the jobs Redis, shared by every training replica: a hash per job (job, progress, version, cancel),
/// the ids of all jobs and of the open (queued or running) ones in submission order, a lease per running job, and the
/// channel every replica's job events go through.
/// </summary>
public static class JobKeys
{
    public const string Prefix = "imesh:training:";

    public static readonly RedisKey All = Prefix + "jobs";

    /// <summary>The queue: every job not yet succeeded, failed or cancelled, oldest first.</summary>
    public static readonly RedisKey Open = Prefix + "open";

    public static readonly RedisKey Sequence = Prefix + "sequence";

    public static readonly RedisChannel Events = RedisChannel.Literal(Prefix + "events");

    public const string LeasePrefix = Prefix + "lease:";

    public static RedisKey Job(string jobId) => Prefix + "job:" + jobId;

    public static RedisKey Lease(string jobId) => LeasePrefix + jobId;
}

using ImbalanceMesh.Augmentation.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ImbalanceMesh.Augmentation.Caching;

/// <summary>
/// Batches in Redis, one key per (plan, epoch, batch) with a TTL, inside a byte budget shared by every replica.
/// The budget is kept by one Lua script: the total of stored sizes is tracked in Redis, and before a store would
/// pass the budget the oldest stored batches are deleted (expired ones first, since they are oldest). A batch larger
/// than the whole budget is not stored at all. Expired batches stay counted until evicted, which only errs on the
/// safe side: the budget is never exceeded.
/// A batch travels in parts of at most <see cref="PartBytes"/>: written to a staging key that the store script renames
/// into place (so a reader never sees part of a batch), read with GETRANGE. One 19 MB value per command made
/// StackExchange.Redis grow each connection's read and write buffers to 16–64 MB and leave a 32 MiB array in the shared
/// array pool of every thread that read or wrote one (hundreds of MB with the service's 32 pool threads).
/// </summary>
public sealed class BatchCache(IConnectionMultiplexer redis, UntracedRedis untraced, IOptions<AugmentationOptions> options)
{
    /// <summary>Bytes per Redis command of a batch's bytes.</summary>
    public const int PartBytes = 1 << 20;

    private const string StoreScript = """
        local size = tonumber(ARGV[1])
        local budget = tonumber(ARGV[2])
        if size > budget or redis.call('STRLEN', KEYS[6]) ~= size then redis.call('DEL', KEYS[6]) return 0 end
        if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DEL', KEYS[6]) return 2 end
        local used = tonumber(redis.call('GET', KEYS[2]) or '0')
        while used + size > budget do
          local oldest = redis.call('ZRANGE', KEYS[3], 0, 0)
          if #oldest == 0 then used = 0 break end
          local victim = oldest[1]
          used = used - tonumber(redis.call('HGET', KEYS[4], victim) or '0')
          redis.call('DEL', victim)
          redis.call('ZREM', KEYS[3], victim)
          redis.call('HDEL', KEYS[4], victim)
        end
        redis.call('RENAME', KEYS[6], KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[5]), KEYS[1])
        redis.call('HSET', KEYS[4], KEYS[1], size)
        redis.call('SET', KEYS[2], used + size)
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private IDatabase Db => redis.GetDatabase();
    public long BudgetBytes => options.Value.CacheBudgetBytes;

    /// <summary>Null when not cached (or evicted while its parts were read).</summary>
    public async Task<byte[]?> GetAsync(string plan, int epoch, int index)
    {
        var key = CacheKeys.Batch(plan, epoch, index);
        var length = await Db.StringLengthAsync(key);
        if (length == 0) return null;
        var data = new byte[length];
        for (var at = 0; at < data.Length; at += PartBytes)
        {
            var part = (byte[]?)await Db.StringGetRangeAsync(key, at, Math.Min(at + PartBytes, data.Length) - 1);
            // Evicted (or expired) meanwhile: a batch is stored whole or not at all, so this is a miss.
            if (part is null || part.Length != Math.Min(PartBytes, data.Length - at)) return null;
            part.CopyTo(data, at);
        }
        return data;
    }

    public Task<bool> ExistsAsync(string plan, int epoch, int index) => Db.KeyExistsAsync(CacheKeys.Batch(plan, epoch, index));

    /// <summary>
    /// False when the batch alone is larger than the budget and so was not stored. Written over
    /// <see cref="UntracedRedis"/>, so that the batch's bytes are garbage once stored (no Redis spans for the store);
    /// a staging key left by a writer that died expires after a claim's time.
    /// </summary>
    public async Task<bool> StoreAsync(string plan, int epoch, int index, byte[] data)
    {
        if (data.Length > BudgetBytes) return false;
        var staging = CacheKeys.Staging(plan, epoch, index, Guid.NewGuid().ToString("N"));
        return await untraced.WriteAsync(async db =>
        {
            await db.StringSetAsync(staging, data.AsMemory(0, Math.Min(PartBytes, data.Length)), TimeSpan.FromMilliseconds(options.Value.ClaimMilliseconds));
            for (var at = PartBytes; at < data.Length; at += PartBytes)
                await db.StringSetRangeAsync(staging, at, data.AsMemory(at, Math.Min(PartBytes, data.Length - at)));
            var result = (long)await db.ScriptEvaluateAsync(StoreScript,
                [CacheKeys.Batch(plan, epoch, index), CacheKeys.UsedBytes, CacheKeys.Index, CacheKeys.Sizes, CacheKeys.Sequence, staging],
                [data.Length, BudgetBytes, (long)options.Value.BatchTtlSeconds * 1000]);
            return result != 0;
        });
    }

    /// <summary>SET NX PX: true when this worker now owns the production of the batch.</summary>
    public Task<bool> TryClaimAsync(string plan, int epoch, int index, string owner) =>
        Db.StringSetAsync(CacheKeys.Claim(plan, epoch, index), owner, TimeSpan.FromMilliseconds(options.Value.ClaimMilliseconds), When.NotExists);

    public Task<bool> IsClaimedAsync(string plan, int epoch, int index) => Db.KeyExistsAsync(CacheKeys.Claim(plan, epoch, index));

    public Task ReleaseAsync(string plan, int epoch, int index, string owner) =>
        Db.ScriptEvaluateAsync(ReleaseScript, [CacheKeys.Claim(plan, epoch, index)], [owner]);

    public async Task<long> UsedBytesAsync()
    {
        var value = await Db.StringGetAsync(CacheKeys.UsedBytes);
        return value.IsNull ? 0 : (long)value;
    }

    public async Task<long> CountCachedAsync(string plan)
    {
        long count = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica) continue;
            await foreach (var _ in server.KeysAsync(Db.Database, CacheKeys.BatchPattern(plan), pageSize: 1000)) count++;
        }
        return count;
    }
}

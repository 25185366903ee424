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
/// </summary>
public sealed class BatchCache(IConnectionMultiplexer redis, IOptions<AugmentationOptions> options)
{
    private const string StoreScript = """
        local size = tonumber(ARGV[2])
        local budget = tonumber(ARGV[3])
        if size > budget then return 0 end
        if redis.call('EXISTS', KEYS[1]) == 1 then return 2 end
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
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
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

    public async Task<byte[]?> GetAsync(string plan, int epoch, int index)
    {
        var value = await Db.StringGetAsync(CacheKeys.Batch(plan, epoch, index));
        return value.IsNull ? null : (byte[])value!;
    }

    public Task<bool> ExistsAsync(string plan, int epoch, int index) => Db.KeyExistsAsync(CacheKeys.Batch(plan, epoch, index));

    /// <summary>False when the batch alone is larger than the budget and so was not stored.</summary>
    public async Task<bool> StoreAsync(string plan, int epoch, int index, byte[] data)
    {
        var result = (long)await Db.ScriptEvaluateAsync(StoreScript,
            [CacheKeys.Batch(plan, epoch, index), CacheKeys.UsedBytes, CacheKeys.Index, CacheKeys.Sizes, CacheKeys.Sequence],
            [data, data.Length, BudgetBytes, (long)options.Value.BatchTtlSeconds * 1000]);
        return result != 0;
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

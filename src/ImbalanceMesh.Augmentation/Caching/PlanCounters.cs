using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using StackExchange.Redis;

namespace ImbalanceMesh.Augmentation.Caching;

/// <summary>Per-plan counters in a Redis hash, summed over every replica: produced, hits, misses, production time.</summary>
public sealed class PlanCounters(IConnectionMultiplexer redis)
{
    public async Task AddAsync(string plan, string field, long amount = 1)
    {
        try { await redis.GetDatabase().HashIncrementAsync(CacheKeys.Stats(plan), field, amount); }
        catch (RedisException) { } // counters are advisory; a flaky Redis must not fail a batch
    }

    public async Task<PlanStatus> ReadAsync(string plan)
    {
        var fields = (await redis.GetDatabase().HashGetAllAsync(CacheKeys.Stats(plan))).ToDictionary(e => e.Name.ToString(), e => (long)e.Value);
        var produced = fields.GetValueOrDefault("produced");
        var milliseconds = fields.GetValueOrDefault("produce_ms");
        return new PlanStatus
        {
            PlanId = plan,
            Produced = produced,
            Hits = fields.GetValueOrDefault(BatchCacheLayout.HitsField),
            Misses = fields.GetValueOrDefault("misses"),
            BatchesPerSecond = milliseconds > 0 ? produced * 1000.0 / milliseconds : 0,
        };
    }
}

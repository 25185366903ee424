using Google.Protobuf;
using System.Collections.Concurrent;
using ImbalanceMesh.Contracts.V1;
using StackExchange.Redis;

namespace ImbalanceMesh.Augmentation.Plans;

/// <summary>
/// Plans live in Redis (no TTL) so that every replica can serve GetBatch for any plan; each process also keeps the
/// ones it has seen. A plan is small and immutable, so a Redis flush loses nothing a replica that knows it cannot
/// write back.
/// </summary>
public sealed class PlanStore(IConnectionMultiplexer redis)
{
    private readonly ConcurrentDictionary<string, Plan> _known = new();

    public static RedisKey Key(string planId) => $"imesh:aug:plan:{planId}";

    public async Task SaveAsync(Plan plan)
    {
        _known[plan.PlanId] = plan;
        await redis.GetDatabase().StringSetAsync(Key(plan.PlanId), plan.ToByteArray());
    }

    public async Task<Plan?> FindAsync(string planId)
    {
        if (_known.TryGetValue(planId, out var plan))
        {
            // Re-persist after a flush so that other replicas keep finding it.
            try { await redis.GetDatabase().StringSetAsync(Key(planId), plan.ToByteArray(), when: When.NotExists); }
            catch (RedisException) { }
            return plan;
        }
        var stored = await redis.GetDatabase().StringGetAsync(Key(planId));
        if (stored.IsNull) return null;
        plan = Plan.Parser.ParseFrom((byte[])stored!);
        _known[planId] = plan;
        return plan;
    }
}

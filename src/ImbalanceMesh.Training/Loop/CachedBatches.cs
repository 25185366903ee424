using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.ServiceDefaults.Telemetry;
using ImbalanceMesh.Training.Telemetry;
using StackExchange.Redis;

namespace ImbalanceMesh.Training.Loop;

/// <summary>
/// Reads batches the augmentation service already put in Redis, one GET each into pooled memory: no hop through the
/// augmentation service, no gRPC message and no large-object garbage per batch. A batch that is not there, or a Redis
/// that does not answer, is a miss; the feed then asks the augmentation service, which makes or fetches it.
/// </summary>
public sealed class CachedBatches(IConnectionMultiplexer redis, ILogger<CachedBatches> logger)
{
    public async Task<PreparedBatch?> TryReadAsync(string planId, int epoch, int index)
    {
        using var activity = TrainingActivities.StartBatchRead(planId, epoch, index);
        try
        {
            using var lease = await redis.GetDatabase().StringGetLeaseAsync(BatchCacheLayout.BatchKey(planId, epoch, index));
            activity?.SetTag(MeshTags.CacheHit, lease is not null);
            return lease is null ? null : PreparedBatch.Decode(lease.Span);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Reading batch {Plan} e{Epoch} b{Index} from Redis failed ({Message}); asking the augmentation service.",
                planId, epoch, index, e.Message);
            return null;
        }
    }

    /// <summary>Adds hits to the plan's statistics, which otherwise count only what the augmentation service served.</summary>
    public void CountHits(string planId, int hits)
    {
        if (hits == 0) return;
        try
        {
            redis.GetDatabase().HashIncrement(BatchCacheLayout.StatisticsKey(planId), BatchCacheLayout.HitsField, hits, CommandFlags.FireAndForget);
        }
        catch (RedisException) { } // counters are advisory; a flaky Redis must not fail training
    }
}

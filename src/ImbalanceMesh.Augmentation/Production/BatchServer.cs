using System.Diagnostics;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Augmentation.Caching;
using ImbalanceMesh.Augmentation.Configuration;
using ImbalanceMesh.Augmentation.Plans;
using ImbalanceMesh.Augmentation.Telemetry;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.ServiceDefaults.Telemetry;
using ImbalanceMesh.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ImbalanceMesh.Augmentation.Production;

/// <summary>
/// Serves batch (plan, e, k): from the cache when there; else waits for a worker that has claimed it; else claims and
/// makes it here. A batch that is missing for any reason (evicted, expired, Redis flushed or down) is made on demand,
/// so the consumer never gets an error for it. After each request, producers fill the next ReadAhead batches until the
/// consumer is gone: a cancelled consumer (a cancelled training job closes its batch stream) stops its producers.
/// At most <see cref="ProductionSlots.Limit"/> batches are made and stored at once: a requested batch waits for a slot,
/// read-ahead takes only a free one.
/// </summary>
public sealed class BatchServer(
    PlanRuntimes runtimes,
    BatchCache cache,
    PlanCounters counters,
    AugmentationMetrics metrics,
    ProductionSlots slots,
    IOptions<AugmentationOptions> options,
    ILogger<BatchServer> logger)
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public sealed record Served(byte[] Data, bool CacheHit);

    /// <param name="consumerGone">Cancelled when the consumer no longer wants batches: read-ahead for it stops then.</param>
    public async Task<Served> GetAsync(string planId, int epoch, int index, CancellationToken cancellationToken,
        CancellationToken consumerGone)
    {
        using var activity = AugmentationActivities.StartServe(planId, epoch, index);
        // The stored plan is enough to check the request and to serve a cached batch: the split's index is loaded
        // (PlanRuntimes) only when a batch has to be made.
        var plan = await runtimes.FindPlanAsync(planId);
        if (epoch < 0 || epoch >= plan.Spec.Epochs)
            throw MeshException.Invalid($"epoch {epoch} is outside 0..{plan.Spec.Epochs - 1} of plan {planId}.");
        if (index < 0 || index >= plan.StepsPerEpoch)
            throw MeshException.Invalid($"batch index {index} is outside 0..{plan.StepsPerEpoch - 1} of plan {planId}.");

        var served = await FetchOrProduceAsync(plan, epoch, index, cancellationToken);
        await counters.AddAsync(planId, served.CacheHit ? BatchCacheLayout.HitsField : "misses");
        metrics.BatchServed(planId, served.CacheHit);
        activity?.SetTag(MeshTags.CacheHit, served.CacheHit);
        ScheduleReadAhead(plan, (long)epoch * plan.StepsPerEpoch + index, consumerGone);
        return served;
    }

    private async Task<Served> FetchOrProduceAsync(Plan plan, int epoch, int index, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(options.Value.ClaimMilliseconds);
        while (true)
        {
            try
            {
                if (await cache.GetAsync(plan.PlanId, epoch, index) is { } cached) return new Served(cached, true);
                if (await cache.TryClaimAsync(plan.PlanId, epoch, index, _owner))
                    return new Served(await ProduceAndStoreAsync(plan, epoch, index, claimed: true, null, ct), false);
                // Another worker is making it: wait for it, but never longer than a claim lasts.
                if (DateTime.UtcNow > deadline || !await cache.IsClaimedAsync(plan.PlanId, epoch, index))
                {
                    if (await cache.GetAsync(plan.PlanId, epoch, index) is { } arrived) return new Served(arrived, true);
                    return new Served(await ProduceAndStoreAsync(plan, epoch, index, claimed: false, null, ct), false);
                }
                await Task.Delay(10, ct);
            }
            catch (RedisException e)
            {
                logger.LogWarning("Redis unavailable for {Plan} e{Epoch} b{Index} ({Message}); producing without the cache.", plan.PlanId, epoch, index, e.Message);
                using (await slots.EnterAsync(ct)) return new Served(await ProduceAsync(plan, epoch, index, ct), false);
            }
        }
    }

    /// <param name="slot">
    /// A production slot the caller already holds (read-ahead), else null: one is waited for. It is held until the
    /// batch is stored: until then its bytes are in this process whether or not it is still being rendered.
    /// </param>
    private async Task<byte[]> ProduceAndStoreAsync(Plan plan, int epoch, int index, bool claimed, IDisposable? slot, CancellationToken ct)
    {
        try
        {
            // Someone may have stored it between our cache check and our claim: never make a batch twice.
            if (claimed && await cache.GetAsync(plan.PlanId, epoch, index) is { } stored) return stored;
            using var held = slot ?? await slots.EnterAsync(ct);
            var data = await ProduceAsync(plan, epoch, index, ct);
            await counters.AddAsync(plan.PlanId, "produced");
            metrics.BatchProduced(plan.PlanId);
            await cache.StoreAsync(plan.PlanId, epoch, index, data);
            return data;
        }
        finally
        {
            if (claimed) await cache.ReleaseAsync(plan.PlanId, epoch, index, _owner);
        }
    }

    private async Task<byte[]> ProduceAsync(Plan plan, int epoch, int index, CancellationToken ct)
    {
        var (_, producer) = await runtimes.GetAsync(plan, ct);
        using var activity = AugmentationActivities.StartProduce(plan.PlanId, epoch, index);
        var watch = Stopwatch.StartNew();
        var data = await producer.ProduceBytesAsync(epoch, index, ct);
        _ = counters.AddAsync(plan.PlanId, "produce_ms", Math.Max(1, watch.ElapsedMilliseconds));
        metrics.ProductionTook(plan.PlanId, watch.Elapsed);
        return data;
    }

    /// <summary>
    /// Fills the ReadAhead positions after the one just served, skipping cached or claimed ones. The window follows
    /// each request: a second run of a cached plan asks Redis about ReadAhead keys per batch, not about every position
    /// up to where an earlier run got.
    /// </summary>
    private void ScheduleReadAhead(Plan plan, long position, CancellationToken consumerGone)
    {
        var ahead = options.Value.ReadAhead;
        if (ahead <= 0 || consumerGone.IsCancellationRequested) return;
        var trigger = Activity.Current?.Context ?? default;
        _ = Task.Run(async () =>
        {
            try
            {
                var steps = plan.StepsPerEpoch;
                var last = Math.Min(position + ahead, (long)plan.Spec.Epochs * steps - 1);
                var window = Enumerable.Range(1, (int)Math.Max(0, last - position))
                    .Select(offset => (Epoch: (int)((position + offset) / steps), Index: (int)((position + offset) % steps))).ToList();
                var cached = await Task.WhenAll(window.Select(w => cache.ExistsAsync(plan.PlanId, w.Epoch, w.Index)));
                foreach (var (epoch, index) in window.Where((_, i) => !cached[i]))
                {
                    if (consumerGone.IsCancellationRequested) return;
                    using var slot = slots.TryEnter();
                    if (slot is null) return;
                    using var activity = AugmentationActivities.StartReadAhead(trigger, plan.PlanId, epoch, index);
                    if (await cache.TryClaimAsync(plan.PlanId, epoch, index, _owner))
                        await ProduceAndStoreAsync(plan, epoch, index, claimed: true, slot, consumerGone);
                }
            }
            catch (Exception e) when (e is RedisException or ObjectDisposedException or OperationCanceledException or RpcException or MeshException)
            {
                logger.LogDebug("Read-ahead for {Plan} stopped: {Message}", plan.PlanId, e.Message);
            }
        });
    }
}

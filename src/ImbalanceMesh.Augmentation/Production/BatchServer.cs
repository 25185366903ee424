using System.Diagnostics;
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
/// </summary>
public sealed class BatchServer(
    PlanRuntimes runtimes,
    BatchCache cache,
    PlanCounters counters,
    AugmentationMetrics metrics,
    IOptions<AugmentationOptions> options,
    ILogger<BatchServer> logger)
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _readAheadSlots = new(Math.Max(1, Environment.ProcessorCount), Math.Max(1, Environment.ProcessorCount));

    public sealed record Served(byte[] Data, bool CacheHit);

    /// <param name="consumerGone">Cancelled when the consumer no longer wants batches: read-ahead for it stops then.</param>
    public async Task<Served> GetAsync(string planId, int epoch, int index, CancellationToken cancellationToken,
        CancellationToken consumerGone)
    {
        using var activity = AugmentationActivities.StartServe(planId, epoch, index);
        var (runtime, producer) = await runtimes.GetAsync(planId, cancellationToken);
        if (epoch < 0 || epoch >= runtime.Epochs)
            throw MeshException.Invalid($"epoch {epoch} is outside 0..{runtime.Epochs - 1} of plan {planId}.");
        if (index < 0 || index >= runtime.Sampling.StepsPerEpoch)
            throw MeshException.Invalid($"batch index {index} is outside 0..{runtime.Sampling.StepsPerEpoch - 1} of plan {planId}.");

        var served = await FetchOrProduceAsync(runtime, producer, epoch, index, cancellationToken);
        await counters.AddAsync(planId, served.CacheHit ? BatchCacheLayout.HitsField : "misses");
        metrics.BatchServed(planId, served.CacheHit);
        activity?.SetTag(MeshTags.CacheHit, served.CacheHit);
        ScheduleReadAhead(runtime, producer, (long)epoch * runtime.Sampling.StepsPerEpoch + index, consumerGone);
        return served;
    }

    private async Task<Served> FetchOrProduceAsync(PlanRuntime runtime, BatchProducer producer, int epoch, int index, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(options.Value.ClaimMilliseconds);
        while (true)
        {
            try
            {
                if (await cache.GetAsync(runtime.Id, epoch, index) is { } cached) return new Served(cached, true);
                if (await cache.TryClaimAsync(runtime.Id, epoch, index, _owner))
                    return new Served(await ProduceAndStoreAsync(runtime, producer, epoch, index, claimed: true, ct), false);
                // Another worker is making it: wait for it, but never longer than a claim lasts.
                if (DateTime.UtcNow > deadline || !await cache.IsClaimedAsync(runtime.Id, epoch, index))
                {
                    if (await cache.GetAsync(runtime.Id, epoch, index) is { } arrived) return new Served(arrived, true);
                    return new Served(await ProduceAndStoreAsync(runtime, producer, epoch, index, claimed: false, ct), false);
                }
                await Task.Delay(10, ct);
            }
            catch (RedisException e)
            {
                logger.LogWarning("Redis unavailable for {Plan} e{Epoch} b{Index} ({Message}); producing without the cache.", runtime.Id, epoch, index, e.Message);
                return new Served(Produce(runtime, producer, epoch, index, ct), false);
            }
        }
    }

    private async Task<byte[]> ProduceAndStoreAsync(PlanRuntime runtime, BatchProducer producer, int epoch, int index, bool claimed,
        CancellationToken ct)
    {
        try
        {
            // Someone may have stored it between our cache check and our claim: never make a batch twice.
            if (claimed && await cache.GetAsync(runtime.Id, epoch, index) is { } stored) return stored;
            var data = Produce(runtime, producer, epoch, index, ct);
            await counters.AddAsync(runtime.Id, "produced");
            metrics.BatchProduced(runtime.Id);
            await cache.StoreAsync(runtime.Id, epoch, index, data);
            return data;
        }
        finally
        {
            if (claimed) await cache.ReleaseAsync(runtime.Id, epoch, index, _owner);
        }
    }

    private byte[] Produce(PlanRuntime runtime, BatchProducer producer, int epoch, int index, CancellationToken ct)
    {
        using var activity = AugmentationActivities.StartProduce(runtime.Id, epoch, index);
        var watch = Stopwatch.StartNew();
        var data = producer.ProduceBytes(epoch, index, ct);
        _ = counters.AddAsync(runtime.Id, "produce_ms", Math.Max(1, watch.ElapsedMilliseconds));
        metrics.ProductionTook(runtime.Id, watch.Elapsed);
        return data;
    }

    /// <summary>
    /// Fills the ReadAhead positions after the one just served, skipping cached or claimed ones. The window follows
    /// each request: a second run of a cached plan asks Redis about ReadAhead keys per batch, not about every position
    /// up to where an earlier run got.
    /// </summary>
    private void ScheduleReadAhead(PlanRuntime runtime, BatchProducer producer, long position, CancellationToken consumerGone)
    {
        var ahead = options.Value.ReadAhead;
        if (ahead <= 0 || consumerGone.IsCancellationRequested) return;
        var trigger = Activity.Current?.Context ?? default;
        _ = Task.Run(async () =>
        {
            try
            {
                var steps = runtime.Sampling.StepsPerEpoch;
                var last = Math.Min(position + ahead, (long)runtime.Epochs * steps - 1);
                var window = Enumerable.Range(1, (int)Math.Max(0, last - position))
                    .Select(offset => (Epoch: (int)((position + offset) / steps), Index: (int)((position + offset) % steps))).ToList();
                var cached = await Task.WhenAll(window.Select(w => cache.ExistsAsync(runtime.Id, w.Epoch, w.Index)));
                foreach (var (epoch, index) in window.Where((_, i) => !cached[i]))
                {
                    if (consumerGone.IsCancellationRequested || !await _readAheadSlots.WaitAsync(0)) return;
                    try
                    {
                        using var activity = AugmentationActivities.StartReadAhead(trigger, runtime.Id, epoch, index);
                        if (await cache.TryClaimAsync(runtime.Id, epoch, index, _owner))
                            await ProduceAndStoreAsync(runtime, producer, epoch, index, claimed: true, consumerGone);
                    }
                    finally
                    {
                        _readAheadSlots.Release();
                    }
                }
            }
            catch (Exception e) when (e is RedisException or ObjectDisposedException or OperationCanceledException)
            {
                logger.LogDebug("Read-ahead for {Plan} stopped: {Message}", runtime.Id, e.Message);
            }
        });
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImbalanceMesh.ServiceDefaults.Telemetry;

namespace ImbalanceMesh.Augmentation.Telemetry;

/// <summary>
/// The ImbalanceMesh.Augmentation meter: batches served from the cache or not, batches made and how long making one
/// took, per plan. Hits and misses count what this process served (GetBatch, StreamBatches, Preview); a trainer that
/// reads a cached batch straight from Redis adds to the plan's status counters but not to these.
/// </summary>
public sealed class AugmentationMetrics
{
    public const string MeterName = "ImbalanceMesh.Augmentation";

    private readonly ConcurrentDictionary<string, Served> _served = new(StringComparer.Ordinal);
    private readonly Counter<long> _produced;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Histogram<double> _productionTime;

    public AugmentationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _produced = meter.CreateCounter<long>("imesh.augmentation.batches.produced", "{batch}", "Batches made (on request or read-ahead)");
        _hits = meter.CreateCounter<long>("imesh.augmentation.cache.hits", "{batch}", "Batches served from the cache (there already, or made by another worker meanwhile)");
        _misses = meter.CreateCounter<long>("imesh.augmentation.cache.misses", "{batch}", "Batches served that were not in the cache and were made for the request");
        meter.CreateObservableGauge("imesh.augmentation.cache.hit_ratio", HitRatios, "1",
            "Share of the batches served since this process started that came from the cache (0-1)");
        _productionTime = meter.CreateHistogram<double>("imesh.augmentation.batch.duration", "s",
            "Time to make one batch: sample, augment, mix, pack");
    }

    public void BatchServed(string planId, bool cacheHit)
    {
        var served = _served.GetOrAdd(planId, static id => new Served(new TagList { { MeshTags.PlanId, id } }));
        if (cacheHit)
        {
            Interlocked.Increment(ref served.Hits);
            _hits.Add(1, served.Tags);
        }
        else
        {
            Interlocked.Increment(ref served.Misses);
            _misses.Add(1, served.Tags);
        }
    }

    public void BatchProduced(string planId) => _produced.Add(1, new KeyValuePair<string, object?>(MeshTags.PlanId, planId));

    public void ProductionTook(string planId, TimeSpan elapsed) =>
        _productionTime.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(MeshTags.PlanId, planId));

    private IEnumerable<Measurement<double>> HitRatios()
    {
        foreach (var served in _served.Values)
        {
            var (hits, misses) = (Interlocked.Read(ref served.Hits), Interlocked.Read(ref served.Misses));
            if (hits + misses > 0) yield return new Measurement<double>((double)hits / (hits + misses), served.Tags);
        }
    }

    private sealed class Served(TagList tags)
    {
        public readonly TagList Tags = tags;
        public long Hits;
        public long Misses;
    }
}

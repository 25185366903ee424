using System.Diagnostics;
using ImbalanceMesh.ServiceDefaults.Telemetry;

namespace ImbalanceMesh.Augmentation.Telemetry;

/// <summary>
/// The ImbalanceMesh.Augmentation spans. A requested batch is served under the request's span (GetBatch or
/// StreamBatches, and so in the trainer's trace): its cache reads, claim, production and store are below it.
/// Read-ahead makes batches nobody has asked for yet, after the request that set it off has been answered; each
/// such batch is its own trace, linked to the serving span that set it off rather than its child, so the trainer's
/// trace holds the work for its own batch and not work for later batches that outlives it.
/// </summary>
public static class AugmentationActivities
{
    public static readonly ActivitySource Source = new(AugmentationMetrics.MeterName);

    /// <summary>Serving one requested batch (tag imesh.cache.hit once known).</summary>
    public static Activity? StartServe(string planId, int epoch, int index) => Tagged(Source.StartActivity("augmentation.batch.serve"), planId, epoch, index);

    /// <summary>Making one batch: CPU only, no Redis.</summary>
    public static Activity? StartProduce(string planId, int epoch, int index) => Tagged(Source.StartActivity("augmentation.batch.produce"), planId, epoch, index);

    /// <summary>A read-ahead batch: a new root span, linked to the serving span that scheduled it.</summary>
    public static Activity? StartReadAhead(ActivityContext trigger, string planId, int epoch, int index)
    {
        // The read-ahead task inherited the request's Activity.Current with its execution context; leave it.
        Activity.Current = null;
        ActivityLink[]? links = trigger == default ? null : [new ActivityLink(trigger)];
        return Tagged(Source.StartActivity("augmentation.batch.read_ahead", ActivityKind.Internal, parentContext: default, links: links),
            planId, epoch, index);
    }

    private static Activity? Tagged(Activity? activity, string planId, int epoch, int index) =>
        activity?.SetTag(MeshTags.PlanId, planId).SetTag(MeshTags.PlanEpoch, epoch).SetTag(MeshTags.BatchIndex, index);
}

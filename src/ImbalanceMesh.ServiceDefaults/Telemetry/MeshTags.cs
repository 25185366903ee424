namespace ImbalanceMesh.ServiceDefaults.Telemetry;

/// <summary>
/// Tag (attribute) names that more than one service puts on its metrics and spans, so a dashboard filter on, say, a
/// plan id finds the trainer's batch reads and the augmentation service's production alike (docs/TELEMETRY.md).
/// </summary>
public static class MeshTags
{
    public const string JobId = "imesh.job.id";
    public const string PlanId = "imesh.plan.id";
    /// <summary>A plan's epoch as batch keys count it, from 0.</summary>
    public const string PlanEpoch = "imesh.plan.epoch";
    public const string BatchIndex = "imesh.batch.index";
    public const string CacheHit = "imesh.cache.hit";
    public const string Dataset = "imesh.dataset";
}

namespace ImbalanceMesh.Core.Batches;

/// <summary>
/// Where cached batches live in Redis: the augmentation service writes them there and the trainer reads them straight
/// from there (docs/AUGMENTATION.md, "Cache"). One batch key per (plan, epoch, batch) holds the bytes of
/// <see cref="BatchFormat"/>; a hash per plan counts how batches were served.
/// </summary>
public static class BatchCacheLayout
{
    public const string Prefix = "imesh:aug:";

    /// <summary>Field of the plan's statistics hash counting batches served from the cache.</summary>
    public const string HitsField = "hits";

    public static string BatchKey(string plan, int epoch, int index) => $"{BatchKeyPrefix(plan)}{epoch}:{index}";

    /// <summary>Glob matching every batch key of a plan (for SCAN).</summary>
    public static string BatchPattern(string plan) => $"{BatchKeyPrefix(plan)}*";

    public static string StatisticsKey(string plan) => $"{Prefix}stats:{plan}";

    private static string BatchKeyPrefix(string plan) => $"{Prefix}batch:{plan}:";
}

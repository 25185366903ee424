using ImbalanceMesh.Core.Batches;
using StackExchange.Redis;

namespace ImbalanceMesh.Augmentation.Caching;

/// <summary>
/// Every Redis key the augmentation service uses (see docs/AUGMENTATION.md, "Cache"); the batch keys, their pattern
/// and the statistics key are <see cref="BatchCacheLayout"/>'s, which the trainer reads too.
/// </summary>
public static class CacheKeys
{
    public const string Prefix = BatchCacheLayout.Prefix;
    public static RedisKey Batch(string plan, int epoch, int index) => BatchCacheLayout.BatchKey(plan, epoch, index);
    public static string BatchPattern(string plan) => BatchCacheLayout.BatchPattern(plan);
    public static RedisKey Claim(string plan, int epoch, int index) => $"{Prefix}claim:{plan}:{epoch}:{index}";
    /// <summary>Where one writer assembles a batch's parts before the store script renames it into place.</summary>
    public static RedisKey Staging(string plan, int epoch, int index, string writer) => $"{Prefix}staging:{plan}:{epoch}:{index}:{writer}";
    public static RedisKey Stats(string plan) => BatchCacheLayout.StatisticsKey(plan);
    public static readonly RedisKey UsedBytes = $"{Prefix}bytes";
    public static readonly RedisKey Index = $"{Prefix}index";
    public static readonly RedisKey Sizes = $"{Prefix}sizes";
    public static readonly RedisKey Sequence = $"{Prefix}seq";
}

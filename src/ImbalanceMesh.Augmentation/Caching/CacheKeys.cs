using StackExchange.Redis;

namespace ImbalanceMesh.Augmentation.Caching;

/// <summary>Every Redis key the augmentation service uses (see docs/AUGMENTATION.md, "Cache").</summary>
public static class CacheKeys
{
    public const string Prefix = "imesh:aug:";
    public static RedisKey Batch(string plan, int epoch, int index) => $"{Prefix}batch:{plan}:{epoch}:{index}";
    public static string BatchPattern(string plan) => $"{Prefix}batch:{plan}:*";
    public static RedisKey Claim(string plan, int epoch, int index) => $"{Prefix}claim:{plan}:{epoch}:{index}";
    public static RedisKey Stats(string plan) => $"{Prefix}stats:{plan}";
    public static readonly RedisKey UsedBytes = $"{Prefix}bytes";
    public static readonly RedisKey Index = $"{Prefix}index";
    public static readonly RedisKey Sizes = $"{Prefix}sizes";
    public static readonly RedisKey Sequence = $"{Prefix}seq";
}

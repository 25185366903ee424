namespace ImbalanceMesh.Augmentation.Configuration;

/// <summary>Settings under "Augmentation" (env vars Augmentation__CacheBudgetBytes, ...).</summary>
public sealed class AugmentationOptions
{
    public const string Section = "Augmentation";

    /// <summary>Most bytes of batches this mesh keeps in Redis at once (tracked in Redis, shared by all replicas).</summary>
    public long CacheBudgetBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>A batch is sent as one gRPC message: it must leave room for the message's other fields.</summary>
    public const long LargestBatchBytes = Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.MaxMessageBytes - 1024 * 1024;

    /// <summary>Most bytes one batch may take; plans with bigger batches are refused when they are created.</summary>
    public long MaxBatchBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How long a cached batch lives.</summary>
    public int BatchTtlSeconds { get; set; } = 3600;

    /// <summary>Producers make at most this many batches ahead of the furthest batch a consumer has asked for.</summary>
    public int ReadAhead { get; set; } = 4;

    /// <summary>
    /// Most batches this process makes at once (requested and read-ahead together; read-ahead skips a batch rather
    /// than wait for a slot). Each one in the making holds its sources, rendered pixels and written bytes: at 224 px
    /// RGB × 128 that is ~19 MB each, so this bounds the service's memory whatever the thread pool's size.
    /// </summary>
    public int MaxConcurrentProductions { get; set; } = 2;

    /// <summary>How long a worker's claim on a batch lasts; others wait up to this long for it before producing it themselves.</summary>
    public int ClaimMilliseconds { get; set; } = 30_000;

    /// <summary>
    /// Most bytes of decoded source pixels cached in memory (single samples, all plans of this process together; least
    /// recently used dropped). One batch's sources must fit. The default keeps the service within about 1 GB.
    /// </summary>
    public long SourceMemoryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>ExportAugmented writes only below these folders (see ImbalanceMesh.Storage.AllowedRoots). Default: the working directory.</summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>A .ttf/.otf for Preview captions; default: the first DejaVuSans / any TrueType font under /usr/share/fonts.</summary>
    public string? FontPath { get; set; }
}

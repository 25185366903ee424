using ImbalanceMesh.Core.Batches;

namespace ImbalanceMesh.Core.Budgets;

/// <summary>
/// How big one batch may be. It must fit the per-batch budget, and the window a producer keeps ready for a consumer
/// (ReadAhead batches plus the one being read) must fit the Redis cache budget: otherwise producers evict batches
/// before they are read, and every one is made twice.
/// </summary>
public sealed record BatchBudget(long MaxBatchBytes, long CacheBudgetBytes, int ReadAhead)
{
    public long WindowBatches => Math.Max(0, ReadAhead) + 1;

    /// <summary>The largest batch both limits allow.</summary>
    public long LargestBatchBytes => Math.Min(MaxBatchBytes, CacheBudgetBytes / WindowBatches);

    public bool OverBatchBudget(long batchBytes) => batchBytes > MaxBatchBytes;

    public bool OverCacheBudget(long batchBytes) => batchBytes > CacheBudgetBytes / WindowBatches;

    /// <summary>The most images of this geometry one batch may hold within both limits (0 when not even one fits).</summary>
    public long LargestBatchSize(int channels, int height, int width, int classes, BatchPixelFormat format)
    {
        var empty = BatchFormat.Length(0, channels, height, width, classes, format);
        var perImage = BatchFormat.Length(1, channels, height, width, classes, format) - empty;
        return Math.Max(0, (LargestBatchBytes - empty) / perImage);
    }
}

using ImbalanceMesh.Augmentation.Configuration;
using ImbalanceMesh.Augmentation.Production;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Budgets;
using ImbalanceMesh.Core.Text;
using ImbalanceMesh.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Augmentation.Plans;

/// <summary>
/// Refuses at plan creation a plan whose batches this service could not make, cache and send: one batch must fit
/// Augmentation:MaxBatchBytes, the read-ahead window of batches must fit the Redis cache budget, and the decoded
/// sources of one batch (batch size × the split's largest image) must fit the pixel cache (Augmentation:SourceMemoryBytes).
/// </summary>
public sealed class PlanBudget(IOptions<AugmentationOptions> options)
{
    public void Check(PlanSpec canonical, int classes, long maxSourcePixelBytes, int sourceSamples)
    {
        CheckBatch(canonical, classes);
        CheckSources(canonical.BatchSize, maxSourcePixelBytes, sourceSamples);
    }

    private void CheckSources(int batchSize, long maxSourcePixelBytes, int sourceSamples)
    {
        var budget = options.Value.SourceMemoryBytes;
        var images = Math.Min(batchSize, Math.Max(1, sourceSamples));
        var needed = images * maxSourcePixelBytes;
        if (needed <= budget) return;
        var fit = maxSourcePixelBytes == 0 ? 0 : budget / maxSourcePixelBytes;
        throw MeshException.Exhausted($"one batch draws on up to {images} source images of up to {maxSourcePixelBytes:N0} bytes of " +
            $"decoded pixels each ({ByteCount.Describe(needed)}), more than the {ByteCount.Describe(budget)} of decoded source pixels " +
            $"this service may hold (Augmentation:SourceMemoryBytes); at most {fit} such images fit: lower batch_size or raise " +
            "Augmentation:SourceMemoryBytes.");
    }

    private void CheckBatch(PlanSpec canonical, int classes)
    {
        var o = options.Value;
        var budget = new BatchBudget(o.MaxBatchBytes, o.CacheBudgetBytes, o.ReadAhead);
        var (n, c, side, format) = (canonical.BatchSize, canonical.Channels, canonical.ImageSize, PlanRuntime.PixelFormatOf(canonical));
        var bytes = BatchFormat.Length(n, c, side, side, classes, format);
        var batch = $"a batch of {n} images of {c}×{side}×{side} {format.ToString().ToLowerInvariant()} pixels is {ByteCount.Describe(bytes)}";
        var largest = budget.LargestBatchSize(c, side, side, classes, format);
        var advice = largest > 0
            ? $"at most {largest} images of this size fit: lower batch_size or image_size"
            : "not one image of this size fits: lower image_size";
        if (budget.OverBatchBudget(bytes))
            throw MeshException.Exhausted($"{batch}, more than the {ByteCount.Describe(o.MaxBatchBytes)} one batch may take " +
                $"(Augmentation:MaxBatchBytes); {advice}.");
        if (budget.OverCacheBudget(bytes))
            throw MeshException.Exhausted($"{batch}; the {budget.WindowBatches} batches a consumer keeps in flight (the one it " +
                $"reads and Augmentation:ReadAhead = {o.ReadAhead} ahead) need {ByteCount.Describe(bytes * budget.WindowBatches)}, " +
                $"more than the Redis cache budget of {ByteCount.Describe(o.CacheBudgetBytes)} (Augmentation:CacheBudgetBytes); " +
                $"{advice}, or raise the cache budget.");
    }
}

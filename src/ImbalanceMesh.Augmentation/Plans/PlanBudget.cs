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
/// Augmentation:MaxBatchBytes, and the read-ahead window of batches must fit the Redis cache budget.
/// </summary>
public sealed class PlanBudget(IOptions<AugmentationOptions> options)
{
    public void Check(PlanSpec canonical, int classes)
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

using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Loop;

/// <summary>Opens the feed of one epoch of a plan, with the service's prefetch depth.</summary>
public sealed class BatchFeeds(AugmentationService.AugmentationServiceClient augmentation, CachedBatches cache, IOptions<TrainingOptions> options)
{
    public BatchFeed Open(Plan plan, int epoch, CancellationToken ct) =>
        new(augmentation, cache, plan, epoch, options.Value.PrefetchBatches, ct);
}

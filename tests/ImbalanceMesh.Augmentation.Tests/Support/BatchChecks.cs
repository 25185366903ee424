using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;

namespace ImbalanceMesh.Augmentation.Tests.Support;

internal static class BatchChecks
{
    public static async Task<MeshBatch> GetAsync(AugmentationService.AugmentationServiceClient client, string plan, int epoch, int index) =>
        BatchFormat.Read((await client.GetBatchAsync(new BatchRequest { PlanId = plan, Epoch = epoch, Index = index })).Data.Span);

    public static int[] LabelCounts(MeshBatch batch) =>
        Enumerable.Range(0, batch.ClassCount).Select(c => batch.Labels.Count(l => l == c)).ToArray();
}

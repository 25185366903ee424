using Grpc.Core;
using ImbalanceMesh.Augmentation.Caching;
using ImbalanceMesh.Augmentation.Outputs;
using ImbalanceMesh.Augmentation.Plans;
using ImbalanceMesh.Augmentation.Production;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Grpc;

/// <summary>imbalancemesh.v1.Augmentation RPC handlers.</summary>
public sealed class AugmentationGrpcService(
    PlanCatalog plans,
    BatchServer batches,
    BatchCache cache,
    PlanCounters counters,
    AugmentedExporter exporter,
    PreviewRenderer preview,
    IHostApplicationLifetime lifetime) : AugmentationService.AugmentationServiceBase
{
    public override Task<Plan> CreatePlan(PlanSpec request, ServerCallContext context) =>
        plans.CreateAsync(request, context.CancellationToken);

    public override Task<Plan> GetPlan(PlanRef request, ServerCallContext context) => plans.GetAsync(request.PlanId);

    public override async Task<Batch> GetBatch(BatchRequest request, ServerCallContext context)
    {
        // One unary call says nothing about the consumer's next one: its read-ahead runs until the service stops.
        var served = await batches.GetAsync(request.PlanId, request.Epoch, request.Index, context.CancellationToken, lifetime.ApplicationStopping);
        return ToBatch(request.PlanId, request.Epoch, request.Index, served);
    }

    public override async Task StreamBatches(StreamBatchesRequest request, IServerStreamWriter<Batch> responseStream, ServerCallContext context)
    {
        var plan = await plans.GetAsync(request.PlanId);
        if (request.FromIndex < 0 || request.FromIndex >= plan.StepsPerEpoch)
            throw MeshException.Invalid($"from_index {request.FromIndex} is outside 0..{plan.StepsPerEpoch - 1}.");
        if (request.Count < 0) throw MeshException.Invalid($"count must be ≥ 0 (0 = to the end of the epoch), got {request.Count}.");
        var end = request.Count == 0 ? plan.StepsPerEpoch : Math.Min(plan.StepsPerEpoch, request.FromIndex + request.Count);
        for (var k = request.FromIndex; k < end; k++)
        {
            var served = await batches.GetAsync(request.PlanId, request.Epoch, k, context.CancellationToken, context.CancellationToken);
            await responseStream.WriteAsync(ToBatch(request.PlanId, request.Epoch, k, served), context.CancellationToken);
        }
    }

    public override async Task<PlanStatus> GetPlanStatus(PlanRef request, ServerCallContext context)
    {
        var plan = await plans.GetAsync(request.PlanId);
        var status = await counters.ReadAsync(plan.PlanId);
        status.Cached = await cache.CountCachedAsync(plan.PlanId);
        status.CacheBytes = await cache.UsedBytesAsync();
        status.CacheBudgetBytes = cache.BudgetBytes;
        status.StepsPerEpoch = plan.StepsPerEpoch;
        status.Epochs = plan.Spec.Epochs;
        return status;
    }

    public override Task<ExportAugmentedResponse> ExportAugmented(ExportAugmentedRequest request, ServerCallContext context) =>
        exporter.ExportAsync(request, context.CancellationToken);

    public override async Task<PreviewResponse> Preview(PreviewRequest request, ServerCallContext context)
    {
        if (request.MaxSamples < 0) throw MeshException.Invalid($"max_samples must be ≥ 0 (0 = 16), got {request.MaxSamples}.");
        var plan = await plans.GetAsync(request.PlanId);
        var served = await batches.GetAsync(request.PlanId, request.Epoch, request.Index, context.CancellationToken, lifetime.ApplicationStopping);
        var (png, captions) = preview.Render(BatchFormat.Read(served.Data), plan.Classes, request.MaxSamples == 0 ? 16 : request.MaxSamples);
        return new PreviewResponse { Png = Google.Protobuf.ByteString.CopyFrom(png), Captions = { captions } };
    }

    private static Batch ToBatch(string plan, int epoch, int index, BatchServer.Served served) => new()
    {
        PlanId = plan,
        Epoch = epoch,
        Index = index,
        Data = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(served.Data),
        CacheHit = served.CacheHit,
    };
}

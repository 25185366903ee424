using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Augmentation.Grpc;

/// <summary>imbalancemesh.v1.Augmentation RPC handlers.</summary>
public sealed class AugmentationGrpcService : AugmentationService.AugmentationServiceBase
{
}

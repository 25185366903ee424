using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Grpc;

/// <summary>imbalancemesh.v1.Training RPC handlers.</summary>
public sealed class TrainingGrpcService : TrainingService.TrainingServiceBase
{
}
